import Testing
@testable import ReliefProtocol

@Test func socketPathPrefersExplicitThenEnvironment() {
    #expect(SocketPath.resolve(explicit: "/x.sock", environment: ["RELIEF_SOCKET": "/y"]) == "/x.sock")
    #expect(SocketPath.resolve(explicit: nil, environment: ["RELIEF_SOCKET": "/y"]) == "/y")
    #expect(SocketPath.resolve(explicit: nil, environment: ["XDG_RUNTIME_DIR": "/run/user/5"]) == "/run/user/5/relief/control.sock")
}
