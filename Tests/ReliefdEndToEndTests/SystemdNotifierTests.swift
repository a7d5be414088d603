import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ReliefDaemon

/// sd_notify over a datagram socket the test binds itself (never a real systemd).
@Suite(.timeLimit(.minutes(1)))
struct SystemdNotifierTests {
    typealias Support = SystemdTestSupport

    @Test func sendsReadyStatusAndStoppingToAPathSocket() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        let path = directory.appendingPathComponent("notify").path
        let receiver = try Support.boundSocket(path, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(receiver) }

        let notifier = SystemdNotifier(notifySocket: path)
        #expect(notifier.isEnabled)
        #expect(notifier.problem == nil)
        try notifier.send([.ready, .status("idle")])
        #expect(try Support.receiveDatagram(receiver) == "READY=1\nSTATUS=idle")
        notifier.notify(.status("running wall-stretch: step 2 of 3"))
        #expect(try Support.receiveDatagram(receiver) == "STATUS=running wall-stretch: step 2 of 3")
        notifier.notify(.stopping)
        #expect(try Support.receiveDatagram(receiver) == "STOPPING=1")
    }

    @Test func sendsToAnAbstractSocketWithTheExactAddressLength() throws {
        let name = "@relief-notify-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let receiver = try Support.boundSocket(name, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(receiver) }

        let notifier = SystemdNotifier(notifySocket: name)
        #expect(notifier.address?.kind == .abstract)
        #expect(notifier.address?.description == name)
        try notifier.send([.ready])
        #expect(try Support.receiveDatagram(receiver) == "READY=1")
        try notifier.send([.stopping])
        #expect(try Support.receiveDatagram(receiver) == "STOPPING=1")
    }

    @Test func anAbstractNameIsNotMatchedByPrefixOrPadding() throws {
        // Abstract names are compared over the whole address length: if the notifier padded
        // the name or cut it, it would reach no socket (or a different one).
        let base = "@relief-notify-len-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let receiver = try Support.boundSocket(base + "-long", type: Int32(SOCK_DGRAM.rawValue))
        defer { close(receiver) }

        let shorter = SystemdNotifier(notifySocket: base)
        #expect(throws: SystemdError.self) { try shorter.send([.ready]) }
        #expect(!Support.hasPendingDatagram(receiver))
    }

    @Test func addressLengthsFollowTheKernelRules() throws {
        let offset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        // A path is sent with its terminating NUL …
        #expect(try NotifySocketAddress(parsing: "/run/x").length == socklen_t(offset + 6 + 1))
        // … an abstract name with its leading NUL and nothing after it.
        let abstract = try NotifySocketAddress(parsing: "@abc")
        #expect(abstract.bytes == [0, 97, 98, 99])
        #expect(abstract.length == socklen_t(offset + 4))
    }

    @Test func takingFromTheEnvironmentUnsetsTheVariable() throws {
        var unset: [String] = []
        let notifier = SystemdNotifier.takeFromEnvironment(
            ["NOTIFY_SOCKET": "/run/user/1000/systemd/notify", "HOME": "/home/u"],
            unsetVariable: { unset.append($0) })
        #expect(unset == ["NOTIFY_SOCKET"])
        #expect(notifier.address?.description == "/run/user/1000/systemd/notify")
    }

    @Test func withoutNotifySocketEverythingIsANoOp() throws {
        var unset: [String] = []
        let notifier = SystemdNotifier.takeFromEnvironment([:], unsetVariable: { unset.append($0) })
        #expect(unset == ["NOTIFY_SOCKET"])
        #expect(!notifier.isEnabled)
        #expect(notifier.problem == nil)
        try notifier.send([.ready, .status("idle")])
        notifier.notify(.stopping)
    }

    @Test(arguments: [
        ("relative/notify", "neither an absolute path"),
        ("vsock:2:1234", "only Unix sockets"),
        ("@", "no abstract socket name"),
        ("/" + String(repeating: "x", count: 200), "at most 107"),
    ])
    func unusableAddressesDisableNotificationsWithAReason(value: String, reason: String) throws {
        let notifier = SystemdNotifier(notifySocket: value)
        #expect(!notifier.isEnabled)
        let problem = try #require(notifier.problem)
        #expect(problem.message.contains(reason), "\(problem)")
        // Still safe to call.
        notifier.notify(.ready)
        try notifier.send([.ready])
    }

    @Test func aMissingReceiverIsAnErrorFromSendButNeverACrash() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        let notifier = SystemdNotifier(notifySocket: directory.appendingPathComponent("gone").path)
        let error = try #require(throws: SystemdError.self) { try notifier.send([.ready]) }
        #expect(error.errno == ENOENT || error.errno == ECONNREFUSED, "\(error)")
        #expect(error.description.contains("cannot notify systemd"))
        notifier.notify(.ready)
        notifier.notify(.stopping)
    }

    @Test func aStalledReceiverMakesSendFailInsteadOfBlocking() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        let path = directory.appendingPathComponent("notify").path
        let receiver = try Support.boundSocket(path, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(receiver) }

        // The receiver never reads: its queue (net.unix.max_dgram_qlen, 512 by default, or its
        // buffer) fills, and a blocking send would hang here. MSG_DONTWAIT turns it into EAGAIN.
        let notifier = SystemdNotifier(notifySocket: path)
        var failure: SystemdError?
        for _ in 0..<100_000 where failure == nil {
            do { try notifier.send([.status(String(repeating: "x", count: 500))]) } catch { failure = error }
        }
        let error = try #require(failure)
        #expect(error.errno == EAGAIN, "\(error)")
        notifier.notify(.stopping)
    }

    @Test func statusTextStaysOneLineAndBounded() throws {
        #expect(NotifyState.status("paused\nwall-stretch\tstep 2").assignment == "STATUS=paused wall-stretch step 2")
        let long = NotifyState.status(String(repeating: "é", count: 2000)).assignment
        #expect(long.utf8.count <= "STATUS=".utf8.count + NotifyState.statusLimit)
        #expect(NotifyState.reloading.assignment.hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
    }
}
