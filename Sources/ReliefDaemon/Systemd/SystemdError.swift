import Glibc
import ReliefSystem

/// A failure talking to systemd: a malformed `$NOTIFY_SOCKET` or `LISTEN_*` variable, a passed
/// descriptor that is not the expected socket, or a notification datagram that could not be sent.
///
/// The message says what is wrong and, where it helps, how to fix it; `errno` is the system
/// error behind it when there is one (for example `EAGAIN` when systemd's queue is full).
public struct SystemdError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, in one sentence.
    public let message: String
    /// The `errno` value of the failing system call, if a system call failed.
    public let errno: Int32?

    /// Creates an error with a message and, optionally, the `errno` behind it.
    public init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }

    /// The message, followed by the system's text for `errno` when there is one.
    public var description: String {
        guard let errno else { return message }
        return "\(message): \(errnoText(errno))"
    }
}
