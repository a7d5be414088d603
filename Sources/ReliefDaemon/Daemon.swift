import Dispatch
import Logging
import ReliefAudio
import ReliefProtocol
import Glibc

/// The running daemon: the scheduler, the control server and the history, wired together,
/// with SIGTERM/SIGINT (stop, record, remove the socket, exit 0) and SIGHUP (reload), and
/// systemd told about each (READY=1, STATUS=, RELOADING=1, STOPPING=1).
public final class Daemon: @unchecked Sendable {
    /// The scheduler running sessions.
    public let scheduler: Scheduler
    /// The control server.
    public let server: ControlServer
    /// Reloads routines, sounds and reliefd.toml (SIGHUP and the `reload` command).
    public let reload: Reload
    /// Hands-free control (MPRIS), when configured.
    public let media: MediaControl?
    private let socket: ControlSocket
    private let service: ServiceStatus
    private let logger: Logger
    private var signalSources: [any DispatchSourceSignal] = []

    /// Sets everything up — socket bound (or adopted), history opened and crashed sessions
    /// marked interrupted, routines loaded — without serving yet. `voice` is spoken
    /// guidance (nil: off); `context` the checks of scheduled breaks (nil: none).
    public init(launch: DaemonLaunch, player: any CuePlayer, routines: any RoutineSource,
                logger: Logger, voice: SessionVoice? = nil, context: (any BreakContext)? = nil) throws {
        self.logger = logger
        signal(SIGPIPE, SIG_IGN)  // a vanished client must be an EPIPE, never a death
        if let descriptor = launch.listeningDescriptor {
            socket = try ControlSocket(adopting: descriptor, path: launch.socketPath)
        } else {
            socket = try ControlSocket(binding: launch.socketPath)
        }
        // History never stops the daemon: sessions matter more than their record.
        let history = HistoryStore(directory: launch.stateDirectory, logger: logger)
        history.markInterrupted()
        scheduler = Scheduler(settings: launch.scheduler, player: player, routines: routines,
                              history: history, logger: logger, voice: voice, context: context,
                              briefing: SafetyBriefingRecord(directory: launch.stateDirectory))
        let service = ServiceStatus(notifier: launch.notifier)
        self.service = service
        let media = launch.media.map { [scheduler] setup in
            MediaControl(environment: setup.environment, settings: setup.settings, commands: scheduler, logger: logger)
        }
        self.media = media
        if let media { scheduler.mediaStatus = { media.status } }
        // One session-bus connection for the daemon: Mutter's idle time uses media control's.
        scheduler.startContext(sessionBus: media?.connection)
        reload = Reload(scheduler: scheduler, player: player, configSource: launch.configSource,
                        service: service, logger: logger, media: media)
        if let missing = Reload.missingBreakRoutine(scheduler, source: launch.configSource) {
            logger.error("config: \(missing)")
        }
        server = ControlServer(socket: socket, commands: CommandTable(scheduler: scheduler, reload: reload),
                               logger: logger)
        server.onQuit = { [unowned self] in DispatchQueue.main.async { self.stop(reason: "on quit") } }
        scheduler.onEvent = { [server] event in
            server.broadcast(event)
            media?.follow(event)
            if case .state(let status) = event { service.update(status) }
        }
    }

    /// Serves until SIGTERM/SIGINT; never returns.
    public func run() -> Never {
        serve()
        dispatchMain()
    }

    /// The signals the daemon handles: SIGTERM and SIGINT stop it, SIGHUP reloads.
    public static let handledSignals = [SIGTERM, SIGINT, SIGHUP]

    /// Installs the signal handlers, then — once the signals are really handled — starts
    /// accepting clients and reports readiness.
    ///
    /// Dispatch takes over a signal (its own handler, then a signalfd) on its manager thread
    /// some time after the source is resumed, while `dispatchMain()` waits in `sigsuspend` with
    /// every signal unblocked. A signal in between meets the old disposition: a test found
    /// systemd's SIGTERM, sent the moment READY=1 arrived, killing the daemon (or, ignored,
    /// lost). So serving and READY=1 wait until Dispatch's handler is in place for each signal
    /// (about a millisecond; a socket-activated client waits in the backlog meanwhile). Until
    /// then SIGTERM and SIGINT keep their default action (systemd counts that as a clean stop
    /// before readiness) and SIGHUP is ignored (a reload request must never kill).
    public func serve() {
        signal(SIGHUP, SIG_IGN)
        for signalNumber in Self.handledSignals {
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler { [unowned self] in received(signalNumber) }
            source.resume()
            signalSources.append(source)
        }
        DispatchQueue.main.async { [self] in
            if !Self.waitUntilDispatchHandles(Self.handledSignals, timeout: 2) {
                logger.warning("signal handling not confirmed within 2 s; serving anyway")
            }
            // Clients only from now on, too: whoever got an answer may signal at once.
            server.start()
            media?.start { [scheduler] in scheduler.statusChanged() }
            logger.info("reliefd \(Wire.version) serving on \(socket.path)")
            service.ready(scheduler.status())
        }
    }

    /// Waits (bounded, in 1 ms steps) until each of `signals` has a handler — neither the
    /// default action nor SIG_IGN, i.e. Dispatch's; true if they all do.
    static func waitUntilDispatchHandles(_ signals: [Int32], timeout: Double) -> Bool {
        let deadline = MonotonicClock.now() + timeout
        while true {
            let handled = signals.allSatisfy { signalNumber in
                var action = sigaction()
                guard sigaction(signalNumber, nil, &action) == 0 else { return false }
                // SIG_DFL is 0 and SIG_IGN 1 as handler addresses.
                let handler = action.__sigaction_handler.sa_handler.map { unsafeBitCast($0, to: Int.self) } ?? 0
                return handler > 1
            }
            if handled { return true }
            if MonotonicClock.now() >= deadline { return false }
            usleep(1_000)
        }
    }

    private func received(_ signalNumber: Int32) {
        if signalNumber == SIGHUP {
            let result = reload.run()
            logger.info("reloaded on SIGHUP: \(result.routines) routines, \(result.problems.count) problem(s)")
            return
        }
        stop(reason: signalNumber == SIGTERM ? "on SIGTERM" : "on SIGINT")
    }

    /// Ends the daemon cleanly (SIGTERM, SIGINT, `quit`): the session is stopped and
    /// recorded, systemd told, the socket removed; exits 0.
    private func stop(reason: String) -> Never {
        service.stopping()
        logger.info("stopping \(reason)")
        scheduler.shutdown()
        media?.shutDown()
        socket.remove()
        exit(0)
    }
}
