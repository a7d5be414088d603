import ArgumentParser
import Logging
import ReliefAudio
import ReliefContext
import ReliefCore
import ReliefDaemon
import ReliefProtocol
import ReliefVoice
import Glibc
import ReliefSystem

/// `reliefd`: the relief daemon. Runs sessions and serves the control socket.
struct Reliefd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliefd",
        abstract: "Guide stretching and posture sessions by sound alone.",
        discussion: """
            reliefd runs one session at a time: it plays a routine's timeline as short cue tones \
            (begin, hold, release, switch side, …) so a person can follow every hold with eyes \
            closed. It is driven over a Unix socket by relief-ctl (or any client speaking the \
            line-based JSON protocol, e.g. socat), and a systemd user timer starts posture breaks.

            Settings come from $XDG_CONFIG_HOME/relief/reliefd.toml (~/.config/relief/reliefd.toml: \
            [breaks] routine and warning_seconds, [audio] device and volume, [media] pause_others); an \
            option given here wins over the file. A problem in the file is logged as an error with its place and that \
            setting keeps its default: the daemon still starts. reliefd check shows the problems.

            Scheduled breaks look at the context first: none during a call (a microphone recording             or a camera open; the break follows the call), none while the screen is locked or you             are idle, none right after a rest as long as the break, and a session pauses when the             machine goes to sleep. Each check uses the sound server, logind or GNOME's Mutter and is             off without it; [breaks] skip_in_call, skip_when_away and natural_breaks turn them off.

            Sessions are recorded in STATE-DIR/history.jsonl. SIGTERM or SIGINT stop a running \
            session (recorded as stopped), remove the socket and exit 0; SIGHUP reloads routines, \
            sounds and reliefd.toml without disturbing a running session.

            On the session bus it is the MPRIS player org.mpris.MediaPlayer2.relief: media keys, \
            headset buttons and playerctl -p relief pause, resume, skip and stop a session, and \
            other players that are playing are paused for a session and resumed after. Without a \
            session bus it logs one notice and works as before.

            Under systemd it takes the socket reliefd.socket passes (LISTEN_FDS) instead of binding \
            one, and reports READY=1, STATUS=, RELOADING=1 and STOPPING=1 to $NOTIFY_SOCKET.

            Exit status: 0 after SIGTERM/SIGINT, 1 when it cannot start (for example "another \
            reliefd is running on PATH"), 64 for invalid options.
            """,
        version: "reliefd \(Wire.version)",
        subcommands: [Check.self]
    )

    @Option(name: .long, help: ArgumentHelp(
        "Control socket path.",
        discussion: "Default: $RELIEF_SOCKET, else $XDG_RUNTIME_DIR/relief/control.sock, else /tmp/relief-UID/control.sock.",
        valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp(
        "ALSA PCM to play cues on; opened only while a session or cue plays.",
        discussion: "Default: [audio] device in reliefd.toml, else default.", valueName: "pcm"))
    var device: String?

    @Option(name: .long, help: ArgumentHelp(
        "Directory of CUE.wav files replacing built-in cues.",
        discussion: "Default: $XDG_CONFIG_HOME/relief/sounds (~/.config/relief/sounds).", valueName: "dir"))
    var sounds: String?

    @Option(name: .long, help: ArgumentHelp(
        "Extra directory of NAME.toml routines; repeatable, later ones win.",
        discussion: "Always read first: $XDG_CONFIG_HOME/relief/routines (~/.config/relief/routines).",
        valueName: "dir"))
    var routines: [String] = []

    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Directory of history.jsonl.",
        discussion: "Default: $XDG_STATE_HOME/relief (~/.local/state/relief).", valueName: "dir"))
    var stateDir: String?

    @Option(name: .long, help: ArgumentHelp(
        "Cue volume, 0 (silent) to 1 (full).",
        discussion: "Default: [audio] volume in reliefd.toml, else 0.8.", valueName: "0…1"))
    var volume: Double?

    @Option(name: .customLong("time-scale"), help: ArgumentHelp(
        "Multiply every timeline gap by F (0.05 runs a 10-minute routine in 30 s); tones keep their length. For previews, demos and tests.",
        valueName: "F"))
    var timeScale = 1.0

    @Option(name: .customLong("break-routine"), help: ArgumentHelp(
        "Routine a scheduled start without a routine runs.",
        discussion: "Default: [breaks] routine in reliefd.toml, else posture-break.", valueName: "name"))
    var breakRoutine: String?

    @Option(name: .customLong("warning"), help: ArgumentHelp(
        "Seconds between the warning cue of a scheduled break and its start, in which stop or snooze cancel it (scaled by --time-scale).",
        discussion: "Default: [breaks] warning_seconds in reliefd.toml, else 10.", valueName: "seconds"))
    var warningSeconds: Double?

    @Option(name: .customLong("log-level"), help: ArgumentHelp(
        "Least severe message logged to stderr: trace, debug, info, notice, warning, error or critical.",
        valueName: "level"))
    var logLevel = "info"

    @Flag(name: .long, help: .hidden)
    var silent = false

    @OptionGroup(title: "Spoken guidance")
    var voiceOptions: VoiceOptions

    func validate() throws {
        if let volume, !(volume.isFinite && DaemonConfig.Audio.volumeRange.contains(volume)) {
            throw ValidationError("--volume \(volume) is out of range: give a number from 0 to 1, e.g. --volume 0.8")
        }
        guard timeScale.isFinite, timeScale > 0, timeScale <= 100 else {
            throw ValidationError("--time-scale \(timeScale) is out of range: give a number above 0 and at most 100, e.g. --time-scale 0.05")
        }
        let warningRange = DaemonConfig.Breaks.warningSecondsRange
        if let warningSeconds, !(warningSeconds.isFinite && warningRange.contains(warningSeconds)) {
            throw ValidationError("--warning \(warningSeconds) is out of range: give \(Int(warningRange.lowerBound)) to \(Int(warningRange.upperBound)) seconds")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level \(logLevel) is not a level: use trace, debug, info, notice, warning, error or critical")
        }
        if let socket, socket.isEmpty { throw ValidationError("--socket needs a path") }
        if let device, device.isEmpty { throw ValidationError("--device needs an ALSA PCM name, e.g. default") }
        if let breakRoutine, breakRoutine.isEmpty { throw ValidationError("--break-routine needs a routine name, e.g. posture-break") }
    }

    /// The flags given on the command line, which win over reliefd.toml.
    var overrides: DaemonConfig.Overrides {
        DaemonConfig.Overrides(device: device, volume: volume, breakRoutine: breakRoutine, warningSeconds: warningSeconds)
    }

    func run() throws {
        // First, while no other thread runs (setenv) and before any PCM opens: the sound
        // server then lists the stream as "relief", role event.
        StreamIdentity.apply()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let journal = JournalLogHandler.stderrIsJournal(environment: Environment.current)
        LoggingSystem.bootstrap { label in
            if journal {
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "reliefd")
        // What systemd passed, taken first and removed from the environment, so that nothing
        // started later inherits a socket or a notify address meant for this process.
        let activated: ActivatedSocket?
        do {
            activated = try SocketActivation.takeControlSocket()
        } catch {
            logger.critical("socket activation: \(error)")
            throw ExitCode(1)
        }
        let notifier = SystemdNotifier.takeFromEnvironment(logger: logger)
        let environment = Environment.current

        // reliefd.toml, with the flags over it. A bad file never stops the daemon (the break
        // timer and every client would fail with it): each problem is logged as an error and
        // that setting keeps its default.
        let configSource = ConfigWithFlags(path: DaemonConfig.defaultPath(environment: environment), overrides: overrides)
        let configFile = configSource.read()
        if configFile.exists { logger.info("settings from \(configFile.path)") }
        for problem in configFile.problems { logger.error("config: \(problem)") }
        let settings = configFile.config

        var socketPath = SocketPath.resolve(explicit: socket, environment: environment)
        if let activated {
            if !activated.path.isEmpty { socketPath = activated.path }
            logger.debug("socket-activated: serving descriptor \(activated.descriptor) (\(activated.name)) on \(socketPath)")
        }
        let launch = DaemonLaunch(
            socketPath: socketPath,
            listeningDescriptor: activated?.descriptor,
            stateDirectory: stateDir ?? DaemonLaunch.defaultStateDirectory(environment: environment),
            scheduler: Scheduler.Settings(timeScale: timeScale, breakRoutine: settings.breaks.routine,
                                         warningSeconds: settings.breaks.warningSeconds, checks: settings.breaks.checks),
            configSource: configSource,
            notifier: notifier,
            media: DaemonLaunch.Media(environment: environment, settings: settings.media))
        let routineSource = LibraryRoutineSource(environment: environment, extraDirectories: routines)
        let player = makePlayer(audio: settings.audio, environment: environment, logger: logger)
        let daemon: Daemon
        do {
            daemon = try Daemon(launch: launch, player: player, routines: routineSource, logger: logger,
                                voice: makeVoice(settings: try voiceOptions.applied(to: settings.voice.settings),
                                                 environment: environment, player: player, logger: logger),
                                context: makeContext(environment: environment, logger: logger))
        } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
        daemon.run()
    }

    /// The cue player: the ALSA stream on `--device`, or a silent one with `--silent`
    /// (the end-to-end tests and the benchmark).
    func makePlayer(audio: DaemonConfig.Audio, environment: [String: String], logger: Logger) -> any CuePlayer {
        if silent { return SilentCuePlayer(device: "none") }
        // Overrides: --sounds first, then ~/.config/relief/sounds; a bad file is logged and
        // the built-in cue plays instead.
        let directories = [sounds, CueTheme.userDirectory(environment: environment)].compactMap { $0 }
        return CueStream(device: audio.device, soundDirectories: directories, volume: audio.volume,
                         problems: { [logger] problem in logger.warning("sounds: \(problem)") },
                         deviceEvents: { [logger] event, line in
                             switch event {
                             case .warning: logger.warning("\(line)")
                             case .notice: logger.notice("\(line)")
                             }
                         })
    }
}

extension Reliefd {
    /// Seconds without input after which Mutter's idle watch reports a rest (time scale 1):
    /// shorter than any break routine, long enough not to wake reliefd at every pause in typing.
    static let shortestRest = 30.0

    /// The context checks of scheduled breaks: the sound server and cameras for calls, logind
    /// and Mutter for presence and sleep.
    func makeContext(environment: [String: String], logger: Logger) -> SystemContext {
        SystemContext(pulse: PulseCallMonitor(logger: logger), camera: CameraCheck(),
                      presence: DesktopPresence(environment: environment, restSeconds: Self.shortestRest * timeScale,
                                                logger: logger),
                      logger: logger)
    }

    /// Spoken guidance when `settings` turn it on and espeak-ng is installed; otherwise
    /// nil — with one notice when it was wanted but espeak-ng is missing — and cues alone.
    func makeVoice(settings: VoiceSettings, environment: [String: String], player: any CuePlayer,
                   logger: Logger) -> SessionVoice? {
        switch Voice.setUp(settings: settings, environment: environment) {
        case .off:
            return nil
        case .unavailable(let notice):
            logger.notice("\(notice)")
            return nil
        case .on(let voice):
            logger.info("spoken guidance on: \(voice.engine.executable) -v \(settings.espeakVoice) -s \(settings.rate)")
            return SessionVoice(voice: voice, timeScale: timeScale, player: player,
                                problems: { [logger] problem in logger.warning("\(problem)") })
        }
    }
}

/// `reliefd check [FILE…]`: validate routine files, or the whole setup, without the daemon.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check routine files, or reliefd.toml and the routine directories, and report every problem with its place.",
        discussion: """
            With files, checks each routine file (a directory: every NAME.toml in it). Without, \
            checks what the daemon reads: $XDG_CONFIG_HOME/relief/reliefd.toml \
            (~/.config/relief/reliefd.toml), the routine directory \
            $XDG_CONFIG_HOME/relief/routines, and that the break routine exists. (Check a \
            --routines DIR by naming it: reliefd check DIR.)

            Prints PATH:LINE:COLUMN: problem for each problem (line and column where known) on \
            stderr, PATH: ok lines on stdout. Exit status: 0 when everything is valid, 65 otherwise.
            """)

    @Argument(help: ArgumentHelp("Routine files (NAME.toml) or directories of them.", valueName: "file"))
    var files: [String] = []

    func run() throws {
        let lines: [String], problems: Set<String>, status: Int32
        if files.isEmpty {
            let environment = Environment.current
            let report = SetupCheck.run(configPath: DaemonConfig.defaultPath(environment: environment),
                                        environment: environment)
            (lines, problems, status) = (report.lines, Set(report.problems), report.exitStatus)
        } else {
            let report = RoutineCheck.run(paths: files)
            (lines, problems, status) = (report.lines, Set(report.problems.map(\.description)), report.exitStatus)
        }
        // Problems go to stderr and "ok" lines to stdout, so `reliefd check … >/dev/null` shows only what is wrong.
        for line in lines {
            if problems.contains(line) { writeToStandardError(line + "\n") } else { print(line) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// The process environment as a dictionary.
enum Environment {
    static var current: [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}

Reliefd.main()
