import Dispatch
import Logging
import ReliefAudio
import ReliefProtocol
#if canImport(Glibc)
import Glibc
#endif

/// The running daemon: the scheduler, the control server and the history, wired together,
/// with SIGTERM/SIGINT (stop, record, remove the socket, exit 0) and SIGHUP (reload).
public final class Daemon: @unchecked Sendable {
    /// The scheduler running sessions.
    public let scheduler: Scheduler
    /// The control socket's server.
    public let server: ControlServer
    private let socket: ControlSocket
    private let configuration: DaemonConfiguration
    private let logger: Logger
    private var signalSources: [any DispatchSourceSignal] = []

    /// Sets everything up — socket bound (or adopted), history opened and crashed sessions
    /// marked interrupted, routines loaded — without serving yet. `voice` is spoken
    /// guidance (nil: off).
    public init(configuration: DaemonConfiguration, player: any CuePlayer, routines: any RoutineSource,
                logger: Logger, voice: SessionVoice? = nil) throws {
        self.configuration = configuration
        self.logger = logger
        signal(SIGPIPE, SIG_IGN)  // a vanished client must be an EPIPE, never a death
        if let descriptor = configuration.listeningDescriptor {
            socket = try ControlSocket(adopting: descriptor, path: configuration.socketPath)
        } else {
            socket = try ControlSocket(binding: configuration.socketPath)
        }
        do {
            let history = try HistoryStore(directory: configuration.stateDirectory, logger: logger)
            history.markInterrupted()
            scheduler = Scheduler(settings: configuration.scheduler, player: player, routines: routines,
                                  history: history, logger: logger, voice: voice)
        } catch {
            socket.remove()
            throw error
        }
        server = ControlServer(socket: socket, commands: CommandTable(scheduler: scheduler), logger: logger)
        scheduler.onEvent = { [server] event in server.broadcast(event) }
    }

    /// Serves until SIGTERM/SIGINT; never returns.
    public func run() -> Never {
        serve()
        dispatchMain()
    }

    /// Installs the signal handlers, starts accepting clients and reports readiness.
    public func serve() {
        for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
            signal(signalNumber, SIG_IGN)  // delivered through Dispatch instead
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler { [unowned self] in received(signalNumber) }
            source.resume()
            signalSources.append(source)
        }
        server.start()
        logger.info("reliefd \(Wire.version) serving on \(socket.path)")
        configuration.onReady()
    }

    private func received(_ signalNumber: Int32) {
        if signalNumber == SIGHUP {
            let result = scheduler.reload()
            logger.info("reloaded on SIGHUP: \(result.routines) routines, \(result.problems.count) problem(s)")
            return
        }
        logger.info("stopping on \(signalNumber == SIGTERM ? "SIGTERM" : "SIGINT")")
        configuration.onStopping()
        scheduler.shutdown()
        socket.remove()
        exit(0)
    }
}
