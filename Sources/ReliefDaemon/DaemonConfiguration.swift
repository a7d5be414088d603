/// Everything the daemon is started with; the CLI (and a config file loader) fill it in.
public struct DaemonConfiguration: Sendable {
    /// The control socket's path (SPEC: `--socket`, `$RELIEF_SOCKET`, …; see `SocketPath`).
    public var socketPath: String
    /// An already-listening socket to serve instead of binding `socketPath` (socket
    /// activation: the descriptor from `LISTEN_FDS`). The daemon then never removes the file.
    public var listeningDescriptor: Int32?
    /// Where `history.jsonl` lives (`$XDG_STATE_HOME/relief` by default).
    public var stateDirectory: String
    /// Time scale, break routine, warning window.
    public var scheduler: SchedulerSettings
    /// Called once, on the main queue, when the daemon accepts commands (systemd: `READY=1`).
    public var onReady: @Sendable () -> Void
    /// Called once before the daemon exits on SIGTERM/SIGINT (systemd: `STOPPING=1`).
    public var onStopping: @Sendable () -> Void

    /// A configuration serving `socketPath` with history in `stateDirectory`.
    public init(socketPath: String, listeningDescriptor: Int32? = nil, stateDirectory: String,
                scheduler: SchedulerSettings = SchedulerSettings(),
                onReady: @escaping @Sendable () -> Void = {}, onStopping: @escaping @Sendable () -> Void = {}) {
        self.socketPath = socketPath
        self.listeningDescriptor = listeningDescriptor
        self.stateDirectory = stateDirectory
        self.scheduler = scheduler
        self.onReady = onReady
        self.onStopping = onStopping
    }

    /// `$XDG_STATE_HOME/relief`, else `~/.local/state/relief`.
    public static func defaultStateDirectory(environment: [String: String]) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/relief" }
        return (environment["HOME"] ?? "/tmp") + "/.local/state/relief"
    }
}
