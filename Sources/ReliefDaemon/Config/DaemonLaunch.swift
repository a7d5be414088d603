/// Everything the daemon is started with; the CLI fills it in.
public struct DaemonLaunch: Sendable {
    /// The control socket's path (SPEC: `--socket`, `$RELIEF_SOCKET`, …; see `SocketPath`).
    /// With socket activation, the path systemd listens on (for messages only).
    public var socketPath: String
    /// An already-listening socket to serve instead of binding `socketPath` (socket
    /// activation: the descriptor from `LISTEN_FDS`). The daemon then neither binds, nor
    /// probes for another daemon, nor removes the file: the socket unit owns it.
    public var listeningDescriptor: Int32?
    /// Where `history.jsonl` lives (`$XDG_STATE_HOME/relief` by default).
    public var stateDirectory: String
    /// Time scale, break routine, warning window, as in force at start.
    public var scheduler: Scheduler.Settings
    /// reliefd.toml and the flags over it, re-read on every reload; nil: no config file
    /// (the settings above stay as they are).
    public var configSource: ConfigWithFlags?
    /// Tells systemd about readiness, status, reloads and shutdown (a disabled notifier
    /// outside systemd).
    public var notifier: SystemdNotifier
    /// Hands-free control (MPRIS on the session bus); nil: none.
    public var media: Media?

    /// Where the session bus is and the `[media]` settings.
    public struct Media: Sendable {
        /// The environment that locates the session bus (`DBUS_SESSION_BUS_ADDRESS`, `XDG_RUNTIME_DIR`).
        public var environment: [String: String]
        /// `[media]` from reliefd.toml.
        public var settings: DaemonConfig.Media

        public init(environment: [String: String], settings: DaemonConfig.Media) {
            self.environment = environment
            self.settings = settings
        }
    }

    /// A configuration serving `socketPath` with history in `stateDirectory`.
    public init(socketPath: String, listeningDescriptor: Int32? = nil, stateDirectory: String,
                scheduler: Scheduler.Settings = Scheduler.Settings(), configSource: ConfigWithFlags? = nil,
                notifier: SystemdNotifier = SystemdNotifier(notifySocket: nil), media: Media? = nil) {
        self.media = media
        self.socketPath = socketPath
        self.listeningDescriptor = listeningDescriptor
        self.stateDirectory = stateDirectory
        self.scheduler = scheduler
        self.configSource = configSource
        self.notifier = notifier
    }

    /// `$XDG_STATE_HOME/relief`, else `~/.local/state/relief`.
    public static func defaultStateDirectory(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/relief" }
        return (environment["HOME"] ?? "/tmp") + "/.local/state/relief"
    }
}
