import Glibc
import ReliefSystem

/// Where systemd listens for notifications: the value of `$NOTIFY_SOCKET`, parsed.
///
/// systemd passes either a file-system path (`/run/user/1000/systemd/notify`) or an abstract
/// socket name written with a leading `@` (`@/org/freedesktop/systemd1/notify/123`), which on
/// the wire starts with a NUL byte. `UnixSocketAddress` gives each its exact length.
public struct NotifySocketAddress: Equatable, Sendable, CustomStringConvertible {
    /// Whether the address is a path or an abstract name.
    public typealias Kind = UnixSocketAddress.Kind

    /// The socket address datagrams are sent to.
    public let address: UnixSocketAddress

    /// Whether the address is a path or an abstract name.
    public var kind: Kind { address.kind }
    /// The bytes that go into `sun_path`: the path without its NUL, or the abstract name with
    /// the leading NUL that replaces `@`.
    public var bytes: [UInt8] { address.bytes }

    /// Room in `sockaddr_un.sun_path` (108 bytes on Linux).
    static let capacity = UnixSocketAddress.capacity

    /// Parses a `$NOTIFY_SOCKET` value. Throws for anything this daemon cannot send to:
    /// an empty value, a relative path, a `vsock:` address, or a name too long for `sockaddr_un`.
    public init(parsing value: String) throws(SystemdError) {
        let utf8 = Array(value.utf8)
        if utf8.contains(0) {
            throw SystemdError("NOTIFY_SOCKET contains a NUL byte")
        }
        switch utf8.first {
        case UInt8(ascii: "/"):
            // The path plus its terminating NUL must fit.
            guard let address = UnixSocketAddress(path: value) else {
                throw SystemdError("NOTIFY_SOCKET path is \(utf8.count) bytes; a Unix socket path holds at most \(Self.capacity - 1)")
            }
            self.address = address
        case UInt8(ascii: "@"):
            guard utf8.count > 1 else { throw SystemdError("NOTIFY_SOCKET is \"@\" with no abstract socket name") }
            guard let address = UnixSocketAddress(abstractName: utf8.dropFirst()) else {
                throw SystemdError("NOTIFY_SOCKET abstract name is \(utf8.count - 1) bytes; at most \(Self.capacity - 1) fit")
            }
            self.address = address
        case nil:
            throw SystemdError("NOTIFY_SOCKET is empty")
        default:
            throw SystemdError("NOTIFY_SOCKET=\(value) is neither an absolute path nor an abstract name starting with @; only Unix sockets are supported")
        }
    }

    /// The address as `$NOTIFY_SOCKET` spells it.
    public var description: String { address.description }

    /// The exact `socklen_t` for this address (trailing zeros would name another socket).
    var length: socklen_t { address.length }

    /// Calls `body` with this address as a `sockaddr` pointer and its exact length.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        address.withSockaddr(body)
    }
}
