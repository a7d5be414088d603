import Glibc
import Logging
import Synchronization
import ReliefSystem

/// One line of the sd_notify protocol (see sd_notify(3)).
public enum NotifyState: Equatable, Sendable {
    /// `READY=1`: start-up is finished and commands are served (ends `Type=notify` start-up).
    case ready
    /// `STOPPING=1`: shutdown has begun.
    case stopping
    /// `RELOADING=1`: routines and sounds are being reloaded; send `.ready` when done.
    case reloading
    /// `STATUS=…`: one line for `systemctl --user status reliefd`.
    case status(String)

    /// Longest status text sent; a datagram has to stay well under the socket's limits.
    static let statusLimit = 1024

    /// The `KEY=VALUE` line for this state.
    var assignment: String {
        switch self {
        case .ready: return "READY=1"
        case .stopping: return "STOPPING=1"
        case .reloading:
            // systemd 253+ wants the monotonic time with RELOADING=1; older versions ignore it.
            return "RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds())"
        case .status(let text): return "STATUS=" + Self.oneLine(text)
        }
    }

    /// The protocol is line-based, so a newline would start a new assignment: fold control
    /// characters into spaces and cut overlong text at a character boundary.
    static func oneLine(_ text: String) -> String {
        var line = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        while line.utf8.count > statusLimit { line.removeLast() }
        return line
    }
}

/// Tells systemd about the daemon's life cycle over `$NOTIFY_SOCKET`, without libsystemd.
///
/// Under `Type=notify`, systemd waits for `READY=1` before it counts the service as started,
/// shows `STATUS=` in `systemctl status`, and learns from `STOPPING=1` that a shutdown is
/// deliberate. Outside systemd (no `$NOTIFY_SOCKET`) every call is a no-op.
///
/// Sending never blocks and never fails the daemon: datagrams go out with `MSG_DONTWAIT`, and
/// a failure (systemd gone, its queue full) is reported once through the logger and otherwise
/// ignored by ``notify(_:)``; ``send(_:)`` throws it for callers that care.
public final class SystemdNotifier: Sendable {
    /// Where notifications go; `nil` when not started by systemd or when the address was unusable.
    public let address: NotifySocketAddress?
    /// Why notifications are off although `$NOTIFY_SOCKET` was set (bad address, no socket).
    public let problem: SystemdError?
    /// Whether notifications are actually sent.
    public var isEnabled: Bool { address != nil }

    private let descriptor: Int32
    private let logger: Logger?
    private let reportedFailure = Atomic<Bool>(false)

    /// Creates a notifier for a `$NOTIFY_SOCKET` value (`nil` or empty: disabled, no problem).
    /// An unusable value disables notifications and is kept in ``problem``.
    public init(notifySocket: String?, logger: Logger? = nil) {
        self.logger = logger
        guard let notifySocket, !notifySocket.isEmpty else {
            (address, problem, descriptor) = (nil, nil, -1)
            return
        }
        let parsed: NotifySocketAddress
        do {
            parsed = try NotifySocketAddress(parsing: notifySocket)
        } catch {
            (address, problem, descriptor) = (nil, error, -1)
            logger?.warning("systemd notifications are off: \(error)")
            return
        }
        // One socket for the daemon's lifetime: STATUS= is sent on every session change.
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            let error = SystemdError("cannot create a socket for systemd notifications", errno: Glibc.errno)
            (address, problem, descriptor) = (nil, error, -1)
            logger?.warning("systemd notifications are off: \(error)")
            return
        }
        (address, problem, descriptor) = (parsed, nil, fd)
    }

    /// Reads `$NOTIFY_SOCKET` once and removes it from the environment, so that processes the
    /// daemon starts (audio helpers, hooks) do not notify systemd in its name.
    ///
    /// - Parameters:
    ///   - environment: the variables to read; `nil` reads the process environment.
    ///   - unsetVariable: removes a variable; tests pass a recorder instead of `unsetenv`.
    ///   Call it early in `main`, before other threads read the environment.
    public static func takeFromEnvironment(
        _ environment: [String: String]? = nil,
        unsetVariable: (String) -> Void = { _ = unsetenv($0) },
        logger: Logger? = nil
    ) -> SystemdNotifier {
        let value = environment.map { $0["NOTIFY_SOCKET"] } ?? getenv("NOTIFY_SOCKET").map { String(cString: $0) }
        unsetVariable("NOTIFY_SOCKET")
        return SystemdNotifier(notifySocket: value, logger: logger)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Sends the states in one datagram, for example `[.ready, .status("idle")]`, and throws
    /// if it could not be sent. Does nothing when notifications are off.
    public func send(_ states: [NotifyState]) throws(SystemdError) {
        guard let address, !states.isEmpty else { return }
        var message = states.map(\.assignment).joined(separator: "\n")
        let failure: Int32? = message.withUTF8 { buffer in
            address.withSockaddr { sockaddr, length in
                while true {
                    // MSG_DONTWAIT: a stalled systemd must never stall the daemon.
                    let result = sendto(descriptor, buffer.baseAddress, buffer.count,
                                        Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL), sockaddr, length)
                    if result >= 0 { return nil }
                    if Glibc.errno != EINTR { return Glibc.errno }
                }
            }
        }
        if let failure {
            throw SystemdError("cannot notify systemd at \(address)", errno: failure)
        }
    }

    /// Sends the states and swallows any failure: logged as a warning the first time, then at
    /// debug level, so a missing systemd cannot flood the journal or disturb a session.
    public func notify(_ states: NotifyState...) {
        do {
            try send(states)
        } catch {
            if reportedFailure.exchange(true, ordering: .relaxed) {
                logger?.debug("\(error)")
            } else {
                logger?.warning("\(error) (further failures are logged at debug level)")
            }
        }
    }
}
