import Glibc
import Testing
@testable import ReliefSystem

/// `UnixSocketAddress`: exact lengths for paths and abstract names, too-long names refused,
/// and what a real bound socket reports back.
@Suite struct UnixSocketAddressTests {
    private let offset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!

    @Test func aPathIsSentWithItsNulAndAnAbstractNameWithout() throws {
        let path = try #require(UnixSocketAddress(path: "/run/x"))
        #expect(path.kind == .path)
        #expect(path.length == socklen_t(offset + 6 + 1))
        #expect(path.description == "/run/x")
        let abstract = try #require(UnixSocketAddress(abstractName: Array("abc".utf8)))
        #expect(abstract.bytes == [0, 97, 98, 99])
        #expect(abstract.length == socklen_t(offset + 4))
        #expect(abstract.description == "@abc")
    }

    @Test func aNameThatDoesNotFitIsRefused() {
        let room = UnixSocketAddress.capacity
        #expect(UnixSocketAddress(path: "/" + String(repeating: "a", count: room - 2)) != nil)
        #expect(UnixSocketAddress(path: "/" + String(repeating: "a", count: room - 1)) == nil)
        #expect(UnixSocketAddress(abstractName: [UInt8](repeating: 97, count: room - 1)) != nil)
        #expect(UnixSocketAddress(abstractName: [UInt8](repeating: 97, count: room)) == nil)
    }

    @Test func aBoundSocketReportsTheAddressItWasBoundTo() throws {
        let directory = try #require(makeTemporaryDirectory(prefix: "relief-address"))
        defer { rmdir(directory) }
        let path = directory + "/control.sock"
        let name = "relief-test-\(getpid())"
        for (address, expected) in [(UnixSocketAddress(path: path), path),
                                    (UnixSocketAddress(abstractName: Array(name.utf8)), "@" + name)] {
            let address = try #require(address)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            try #require(fd >= 0)
            defer { close(fd) }
            #expect(address.withSockaddr { bind(fd, $0, $1) } == 0)
            #expect(try UnixSocketAddress.bound(to: fd)?.description == expected)
        }
        unlink(path)
        // Unnamed: an empty path. Not a Unix socket: nil. Not a socket: the errno.
        let unnamed = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(unnamed) }
        #expect(try UnixSocketAddress.bound(to: unnamed)?.description == "")
        let inet = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(inet) }
        #expect(try UnixSocketAddress.bound(to: inet) == nil)
        #expect(throws: SystemError(function: "getsockname", errno: EBADF)) { try UnixSocketAddress.bound(to: -1) }
    }
}
