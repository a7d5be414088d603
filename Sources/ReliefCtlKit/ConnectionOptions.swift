import ArgumentParser

/// The options every command takes: which socket, how to print, how long to wait.
public struct ConnectionOptions: ParsableArguments {
    /// `--socket PATH`.
    @Option(name: .long, help: ArgumentHelp(
        "The daemon's control socket. Default: $RELIEF_SOCKET, else $XDG_RUNTIME_DIR/relief/control.sock, else /tmp/relief-$UID/control.sock.",
        valueName: "path"))
    public var socket: String?

    /// `--json`.
    @Flag(name: .long, help: "Print the daemon's reply lines exactly as they come (one JSON object per line) instead of text. Default: off.")
    public var json = false

    /// `--timeout SECONDS`.
    @Option(name: .long, help: ArgumentHelp(
        "How long to wait for the connection and for each reply, as a duration (5, 2.5s, 1m); follow waits for events without limit. Default: 5 seconds.",
        valueName: "duration"), transform: { try DurationText.seconds($0) })
    public var timeout: Double = ConnectionOptions.defaultTimeout

    /// Seconds to wait when `--timeout` is not given.
    public static let defaultTimeout = 5.0

    /// Creates the defaults (ArgumentParser fills in what the command line says).
    public init() {}

    /// Rejects a timeout that is not a positive number of seconds.
    public func validate() throws {
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be more than 0 and at most 1h, not \(TimeText.decimal(timeout)) s")
        }
    }
}
