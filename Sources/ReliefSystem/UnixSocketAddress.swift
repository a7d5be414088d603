import Glibc

/// A Unix socket address (`sockaddr_un`): a file-system path, or a Linux abstract name.
///
/// The one place `sun_path` is filled and read. Its length is always exact: a path is sent
/// with its terminating NUL, an abstract name with exactly its own bytes — a single extra
/// byte would name a different abstract socket.
public struct UnixSocketAddress: Equatable, Sendable, CustomStringConvertible {
    /// Which kind of Unix socket address this is.
    public enum Kind: Equatable, Sendable {
        /// A socket file at a path.
        case path
        /// A Linux abstract socket (no file; written `@name`).
        case abstract
    }

    /// Whether the address is a path or an abstract name.
    public let kind: Kind
    /// The bytes that go into `sun_path`: the path without its NUL, or the abstract name
    /// with the leading NUL that marks it.
    public let bytes: [UInt8]

    /// Room in `sockaddr_un.sun_path` (108 bytes on Linux).
    public static let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

    /// The address of the socket file at `path`; nil when the path (plus its NUL) does not fit.
    public init?(path: String) {
        let utf8 = Array(path.utf8)
        guard utf8.count < Self.capacity else { return nil }
        kind = .path
        bytes = utf8
    }

    /// The abstract socket `name` (without the leading NUL); nil when it does not fit.
    public init?(abstractName name: some Collection<UInt8>) {
        guard name.count < Self.capacity else { return nil }
        kind = .abstract
        bytes = [0] + name
    }

    /// The address `descriptor` is bound to (`getsockname`); nil when it is not a Unix socket.
    /// An unnamed socket has an empty path.
    public static func bound(to descriptor: Int32) throws(SystemError) -> UnixSocketAddress? {
        var address = sockaddr_un()
        var length = socklen_t(MemoryLayout<sockaddr_un>.size)
        try systemCall("getsockname") {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
        }
        guard address.sun_family == sa_family_t(AF_UNIX) else { return nil }
        let pathLength = max(0, Int(length) - pathOffset)
        let raw = withUnsafeBytes(of: &address.sun_path) { Array($0.prefix(pathLength)) }
        if raw.first == 0 { return UnixSocketAddress(abstractName: raw.dropFirst()) }
        return UnixSocketAddress(path: String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self))
    }

    /// The address as people write it: the path, or `@name`.
    public var description: String {
        switch kind {
        case .path: String(decoding: bytes, as: UTF8.self)
        case .abstract: "@" + String(decoding: bytes.dropFirst(), as: UTF8.self)
        }
    }

    /// The exact `socklen_t`: the family, then the path with its NUL, or the abstract name
    /// with nothing after it.
    public var length: socklen_t {
        socklen_t(Self.pathOffset + bytes.count + (kind == .path ? 1 : 0))
    }

    /// Calls `body` with this address as a `sockaddr` pointer and its exact length, for
    /// `bind`, `connect` or `sendto`.
    public func withSockaddr<Result, Failure: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = length
        return try withUnsafePointer(to: &address) { pointer throws(Failure) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(Failure) in
                try body(address, length)
            }
        }
    }

    private static let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
}

/// Calls `body` with `path` as a Unix socket address, for `bind` or `connect`; nil when
/// the path is too long for one.
public func withUnixAddress<Result>(_ path: String,
                                    _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result? {
    UnixSocketAddress(path: path)?.withSockaddr(body)
}
