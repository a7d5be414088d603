import Glibc
import ReliefProtocol

/// Everything a command needs from the world: where to write, the clock, the socket path
/// and how long to wait. Tests make one with a capturing console and a fixed clock.
public struct Context {
    /// Where output goes.
    public let console: Console
    /// Wall-clock time and the local time zone.
    public let clock: WallClock
    /// The socket to talk to, already resolved (SPEC "Socket and protocol").
    public let socketPath: String
    /// True when the path is the default one (no `--socket`, no `$RELIEF_SOCKET`), so the
    /// unreachable message can suggest plain `reliefd` rather than `reliefd --socket PATH`.
    public let isDefaultPath: Bool
    /// Print reply lines as they come instead of human text.
    public let json: Bool
    /// Seconds to wait for connecting and for each reply.
    public let timeout: Double

    /// The real process: standard streams, system clock, path from `--socket` and the
    /// environment.
    public static func standard(_ options: ConnectionOptions) -> Context {
        standard(socket: options.socket, json: options.json, timeout: options.timeout)
    }

    /// The real process, from option values (``FastStart`` has no `ConnectionOptions`).
    public static func standard(socket: String?, json: Bool, timeout: Double) -> Context {
        // Only the variables relief-ctl reads; copying the whole environment costs start-up time.
        var environment: [String: String] = [:]
        for name in ["RELIEF_SOCKET", "XDG_RUNTIME_DIR", "COLUMNS"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        let path = SocketPath.resolve(explicit: socket, environment: environment)
        let isDefault = (socket ?? "").isEmpty && (environment["RELIEF_SOCKET"] ?? "").isEmpty
        return Context(console: .standard(environment: environment), clock: .system, socketPath: path,
                       isDefaultPath: isDefault, json: json, timeout: timeout)
    }

    /// A connection, or the exit status after reporting why there is none.
    public enum Connection {
        /// Connected.
        case connected(ControlClient)
        /// Not connected; the reason is already on stderr.
        case failed(ExitStatus)
    }

    /// Opens a connection, or reports why it cannot and gives the exit status.
    public func connect() -> Connection {
        do {
            return .connected(try ControlClient(path: socketPath, timeout: timeout))
        } catch {
            return .failed(report(error))
        }
    }

    /// Tells the user what went wrong with the connection and how to fix it; returns 69 or 70.
    @discardableResult
    public func report(_ error: ClientError) -> ExitStatus {
        let status = ExitStatus(error)
        console.error("relief-ctl: \(error)")
        if status == .unreachable, error.kind != .timedOut {
            let start = isDefaultPath ? "reliefd &" : "reliefd --socket \(socketPath) &"
            console.error("Is reliefd running? Start it with `\(start)`, "
                + "or with systemd: `systemctl --user start reliefd.socket`.")
            console.error("(The socket path comes from --socket, else $RELIEF_SOCKET, "
                + "else $XDG_RUNTIME_DIR/relief/control.sock, else /tmp/relief-$UID/control.sock.)")
        }
        return status
    }

    /// Reports a refusal from the daemon on stderr, its hints in relief-ctl's words
    /// (``RefusalText``); returns 1.
    @discardableResult
    public func report(refusal reply: ControlClient.Reply) -> ExitStatus {
        console.error("relief-ctl: " + RefusalText.text(code: reply.errorCode, message: reply.message, socketPath: socketPath))
        return .refused
    }

    /// Reports a reply that lacks what the protocol promises; returns 70.
    @discardableResult
    public func report(_ malformed: MalformedReply) -> ExitStatus {
        console.error("relief-ctl: reliefd on \(socketPath) sent a bad reply (\(malformed))")
        return .protocolError
    }
}
