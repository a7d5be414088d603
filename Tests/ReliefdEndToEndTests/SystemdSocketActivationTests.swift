import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ReliefDaemon
import ReliefMeasure

/// Socket activation: LISTEN_* parsing with an injected environment and pid, and the checks
/// on real descriptors (never fd 3 of the test process, which belongs to someone else).
@Suite(.timeLimit(.minutes(1)))
struct SystemdSocketActivationTests {
    typealias Support = SystemdTestSupport
    let pid: pid_t = 4242

    @Test func notActivatedWithoutTheVariables() throws {
        #expect(try SocketActivation.passedDescriptors(environment: [:], pid: pid).isEmpty)
        #expect(try SocketActivation.passedDescriptors(environment: ["LISTEN_FDS": "1"], pid: pid).isEmpty)
        #expect(try SocketActivation.passedDescriptors(environment: ["LISTEN_PID": "4242"], pid: pid).isEmpty)
    }

    @Test func variablesMeantForAnotherProcessAreIgnored() throws {
        // Inherited from a parent that was activated: LISTEN_PID names the parent.
        let environment = ["LISTEN_PID": "17", "LISTEN_FDS": "1", "LISTEN_FDNAMES": "control"]
        #expect(try SocketActivation.passedDescriptors(environment: environment, pid: pid).isEmpty)
    }

    @Test func oneDescriptorStartsAtThree() throws {
        let passed = try SocketActivation.passedDescriptors(environment: ["LISTEN_PID": "4242", "LISTEN_FDS": "1"], pid: pid)
        #expect(passed == [PassedDescriptor(descriptor: 3, name: "unknown")])
        #expect(try SocketActivation.controlDescriptor(among: passed)?.descriptor == 3)
    }

    @Test func namesComeFromListenFdNames() throws {
        let environment = ["LISTEN_PID": "4242", "LISTEN_FDS": "3", "LISTEN_FDNAMES": "extra:control:"]
        let passed = try SocketActivation.passedDescriptors(environment: environment, pid: pid)
        #expect(passed.map(\.descriptor) == [3, 4, 5])
        #expect(passed.map(\.name) == ["extra", "control", ""])
        #expect(try SocketActivation.controlDescriptor(among: passed) == PassedDescriptor(descriptor: 4, name: "control"))
    }

    @Test func zeroDescriptorsMeansNotActivated() throws {
        let passed = try SocketActivation.passedDescriptors(environment: ["LISTEN_PID": "4242", "LISTEN_FDS": "0"], pid: pid)
        #expect(passed.isEmpty)
        #expect(try SocketActivation.controlDescriptor(among: passed) == nil)
    }

    @Test(arguments: [
        (["LISTEN_PID": "abc", "LISTEN_FDS": "1"], "LISTEN_PID=abc is not a process id"),
        (["LISTEN_PID": "-5", "LISTEN_FDS": "1"], "LISTEN_PID=-5 is not a process id"),
        (["LISTEN_PID": "4242", "LISTEN_FDS": "-1"], "LISTEN_FDS=-1 is not a count"),
        (["LISTEN_PID": "4242", "LISTEN_FDS": "two"], "LISTEN_FDS=two is not a count"),
        (["LISTEN_PID": "4242", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "control"], "names 1 descriptors but LISTEN_FDS=2"),
    ])
    func malformedVariablesAreErrorsNamingTheVariable(environment: [String: String], message: String) {
        let error = #expect(throws: SystemdError.self) {
            try SocketActivation.passedDescriptors(environment: environment, pid: pid)
        }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func severalUnnamedSocketsAreAnErrorSayingHowToFixIt() throws {
        let passed = try SocketActivation.passedDescriptors(
            environment: ["LISTEN_PID": "4242", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "a:b"], pid: pid)
        let error = #expect(throws: SystemdError.self) { try SocketActivation.controlDescriptor(among: passed) }
        #expect(error?.message.contains("FileDescriptorName=control") == true)
    }

    // MARK: Real descriptors

    /// A listening Unix stream socket at `address`, moved to the lowest free descriptor number
    /// at or above `lowest`, so the test can hand it over as systemd would. `F_DUPFD` picks a
    /// free number atomically: other tests run in this process at the same time, and taking a
    /// number with `dup2` could silently replace (and later close) one of their descriptors.
    func listeningSocket(at address: String, atLeast lowest: Int32) throws -> Int32 {
        let fd = try Support.boundSocket(address, type: Int32(SOCK_STREAM.rawValue))
        defer { close(fd) }
        #expect(listen(fd, 16) == 0)
        let moved = fcntl(fd, F_DUPFD, lowest)
        guard moved >= 0 else { throw TestFailure("F_DUPFD failed: errno \(errno)") }
        // systemd hands descriptors over without close-on-exec (F_DUPFD clears it); the daemon must set it.
        return moved
    }

    @Test func takesTheListeningSocketSetsCloseOnExecAndUnsetsTheVariables() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        let path = directory.appendingPathComponent("control.sock").path
        let fd = try listeningSocket(at: path, atLeast: 600)
        defer { close(fd) }
        let first = fd

        var unset: [String] = []
        let activated = try SocketActivation.takeControlSocket(
            environment: ["LISTEN_PID": "4242", "LISTEN_FDS": "1", "LISTEN_FDNAMES": "control"],
            pid: pid, firstDescriptor: first, unsetVariable: { unset.append($0) })
        #expect(activated == ActivatedSocket(descriptor: first, name: "control", path: path))
        #expect(fcntl(first, F_GETFD) & FD_CLOEXEC != 0)
        #expect(unset == ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"])

        // Used as it is, without binding: a client connecting to the path reaches it.
        let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        let connected = Support.withAddress(Array(path.utf8), abstract: false) { connect(client, $0, $1) }
        #expect(connected == 0)
        let accepted = accept(first, nil, nil)
        #expect(accepted >= 0)
        close(accepted)
    }

    @Test func closesPassedSocketsItDoesNotUse() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        // Two sockets on consecutive numbers, as systemd passes them; retry higher when another
        // test holds the number after the first.
        var lowest: Int32 = 700
        var extra: Int32 = -1, control: Int32 = -1
        for _ in 0..<50 {
            extra = try listeningSocket(at: directory.appendingPathComponent("extra.sock").path, atLeast: lowest)
            control = try listeningSocket(at: directory.appendingPathComponent("control.sock").path, atLeast: extra + 1)
            if control == extra + 1 { break }
            close(extra)
            close(control)
            unlink(directory.appendingPathComponent("extra.sock").path)
            unlink(directory.appendingPathComponent("control.sock").path)
            lowest = control + 1
        }
        try #require(control == extra + 1, "no two consecutive free descriptors found")
        let first = extra
        defer { close(control) }

        let activated = try SocketActivation.takeControlSocket(
            environment: ["LISTEN_PID": "4242", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "extra:control"],
            pid: pid, firstDescriptor: first, unsetVariable: { _ in })
        #expect(activated?.descriptor == control)
        #expect(fcntl(extra, F_GETFD) == -1 && errno == EBADF)
    }

    @Test func notActivatedStillUnsetsTheVariables() throws {
        var unset: [String] = []
        let activated = try SocketActivation.takeControlSocket(
            environment: ["LISTEN_PID": "1", "LISTEN_FDS": "1"], pid: pid, unsetVariable: { unset.append($0) })
        #expect(activated == nil)
        #expect(unset == SocketActivation.variables)
    }

    @Test func reportsTheAbstractAddressOfAListeningSocket() throws {
        let name = "@relief-activation-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = try Support.boundSocket(name, type: Int32(SOCK_STREAM.rawValue))
        defer { close(fd) }
        #expect(listen(fd, 4) == 0)
        #expect(try SocketActivation.listeningAddress(of: fd) == name)
    }

    @Test func rejectsASocketThatIsNotListening() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        let fd = try Support.boundSocket(directory.appendingPathComponent("s").path, type: Int32(SOCK_STREAM.rawValue))
        defer { close(fd) }
        let error = #expect(throws: SystemdError.self) { try SocketActivation.listeningAddress(of: fd) }
        #expect(error?.message.contains("is not listening") == true)
    }

    @Test func rejectsADatagramSocket() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        let fd = try Support.boundSocket(directory.appendingPathComponent("d").path, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(fd) }
        let error = #expect(throws: SystemdError.self) { try SocketActivation.listeningAddress(of: fd) }
        #expect(error?.message.contains("not a stream socket") == true)
    }

    @Test func rejectsSomethingThatIsNotASocket() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let error = #expect(throws: SystemdError.self) { try SocketActivation.listeningAddress(of: ends[0]) }
        #expect(error?.message.contains("is not an open socket") == true)
        #expect(error?.errno == ENOTSOCK)
    }

    @Test func rejectsAnInternetSocket() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        #expect(listen(fd, 1) == 0)  // binds an ephemeral port on all addresses
        let error = #expect(throws: SystemdError.self) { try SocketActivation.listeningAddress(of: fd) }
        #expect(error?.message.contains("not a Unix socket") == true)
    }
}
