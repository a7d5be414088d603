#if canImport(Glibc)
import Glibc
#endif

/// Where systemd listens for notifications: the value of `$NOTIFY_SOCKET`, parsed.
///
/// systemd passes either a file-system path (`/run/user/1000/systemd/notify`) or an abstract
/// socket name written with a leading `@` (`@/org/freedesktop/systemd1/notify/123`), which on
/// the wire starts with a NUL byte. The two need different address lengths: a path is sent
/// with its terminating NUL, an abstract name with exactly its own bytes — a single extra byte
/// names a different socket, and the datagram goes nowhere.
public struct NotifySocketAddress: Equatable, Sendable, CustomStringConvertible {
    /// Which kind of Unix socket address this is.
    public enum Kind: Equatable, Sendable {
        /// A socket file at an absolute path.
        case path
        /// A Linux abstract socket (no file; `@` in `$NOTIFY_SOCKET`).
        case abstract
    }

    /// Whether the address is a path or an abstract name.
    public let kind: Kind
    /// The bytes that go into `sun_path`: the path without its NUL, or the abstract name with
    /// the leading NUL that replaces `@`.
    public let bytes: [UInt8]

    /// Room in `sockaddr_un.sun_path` (108 bytes on Linux).
    static let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

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
            guard utf8.count < Self.capacity else {
                throw SystemdError("NOTIFY_SOCKET path is \(utf8.count) bytes; a Unix socket path holds at most \(Self.capacity - 1)")
            }
            kind = .path
            bytes = utf8
        case UInt8(ascii: "@"):
            guard utf8.count > 1 else { throw SystemdError("NOTIFY_SOCKET is \"@\" with no abstract socket name") }
            guard utf8.count <= Self.capacity else {
                throw SystemdError("NOTIFY_SOCKET abstract name is \(utf8.count - 1) bytes; at most \(Self.capacity - 1) fit")
            }
            kind = .abstract
            bytes = [0] + utf8.dropFirst()
        case nil:
            throw SystemdError("NOTIFY_SOCKET is empty")
        default:
            throw SystemdError("NOTIFY_SOCKET=\(value) is neither an absolute path nor an abstract name starting with @; only Unix sockets are supported")
        }
    }

    /// The address as `$NOTIFY_SOCKET` spells it.
    public var description: String {
        switch kind {
        case .path: return String(decoding: bytes, as: UTF8.self)
        case .abstract: return "@" + String(decoding: bytes.dropFirst(), as: UTF8.self)
        }
    }

    /// The exact `socklen_t` for this address: the family, then the path with its NUL, or the
    /// abstract name with nothing after it (trailing zeros would name another socket).
    var length: socklen_t {
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        return socklen_t(pathOffset + bytes.count + (kind == .path ? 1 : 0))
    }

    /// Calls `body` with this address as a `sockaddr` pointer and its exact length.
    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: bytes)
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
