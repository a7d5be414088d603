import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// The real thing, short of a systemd manager: `systemd-socket-activate` listens on a temporary
/// control socket and starts the built `reliefd` when the first client connects, passing the
/// socket as systemd would (LISTEN_FDS, fd 3); `$NOTIFY_SOCKET` points at a datagram socket
/// this test binds.
@Suite(.timeLimit(.minutes(1)))
struct SystemdActivationEndToEndTests {
    typealias Support = SystemdTestSupport

    /// Sends one request line and waits (bounded) for one reply line.
    func request(_ line: String, at path: String, timeout: Int32 = 10_000) throws -> String {
        let client = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(client) }
        let connected = Support.withAddress(Array(path.utf8), abstract: false) { connect(client, $0, $1) }
        guard connected == 0 else { throw Support.TestFailure("connect(\(path)) failed: \(String(cString: strerror(errno)))") }
        let bytes = Array((line + "\n").utf8)
        guard write(client, bytes, bytes.count) == bytes.count else { throw Support.TestFailure("write failed") }
        var reply: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
        while !reply.contains(UInt8(ascii: "\n")) {
            var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeout) == 1 else { throw Support.TestFailure("no reply to \(line) within \(timeout) ms") }
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { throw Support.TestFailure("connection closed without a reply to \(line)") }
            reply += buffer.prefix(count)
        }
        return String(decoding: reply.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    /// Waits, bounded, until `path` exists (systemd-socket-activate has bound the socket).
    func waitForFile(_ path: String, seconds: Double = 10) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while access(path, F_OK) != 0 {
            guard Date() < deadline else { throw Support.TestFailure("\(path) did not appear within \(seconds) s") }
            usleep(10_000)
        }
    }

    @Test
    func firstConnectionStartsReliefdWhichAnswersOnThePassedSocket() throws {
        let activate = try Support.tool("systemd-socket-activate", package: "systemd")
        let reliefd = Support.buildDirectory.appendingPathComponent("reliefd").path
        try #require(FileManager.default.isExecutableFile(atPath: reliefd), "\(reliefd) is missing: run swift build")

        let scratch = try Support.temporaryDirectory()
        defer { Support.remove(scratch) }
        for directory in ["run", "state", "config"] {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let control = scratch.appendingPathComponent("control.sock").path
        let notifyPath = scratch.appendingPathComponent("notify").path
        let notifySocket = try Support.boundSocket(notifyPath, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(notifySocket) }

        // systemd-socket-activate execs reliefd in its own place (same pid, socket as fd 3)
        // and passes on only the variables named with --setenv (plus LISTEN_*).
        let environment = [
            "PATH": "/usr/bin:/bin",
            "HOME": scratch.path,
            "XDG_RUNTIME_DIR": scratch.appendingPathComponent("run").path,
            "XDG_STATE_HOME": scratch.appendingPathComponent("state").path,
            "XDG_CONFIG_HOME": scratch.appendingPathComponent("config").path,
            "NOTIFY_SOCKET": notifyPath,
            "SWIFT_BACKTRACE": "enable=no",
        ]
        let arguments = ["--listen=\(control)", "--fdname=control"]
            + environment.keys.sorted().map { "--setenv=\($0)" }
            + [reliefd, "--device", "null"]
        let process = try Support.SpawnedProcess(activate, arguments, environment: environment)
        defer { process.stop() }
        try waitForFile(control)

        // This connection is what starts reliefd; it must be answered, not dropped.
        let reply = try request(#"{"cmd":"ping"}"#, at: control)
        #expect(reply.contains(#""ok":true"#), "\(reply)")
        #expect(reply.contains(#""pid":\#(process.pid)"#), "reliefd should run in the activated process: \(reply)")
        // READY=1 may share its datagram with STATUS= or follow one; each wait is bounded.
        var readyDatagram = ""
        while !readyDatagram.contains("READY=1") { readyDatagram = try Support.receiveDatagram(notifySocket) }
        #expect(readyDatagram.contains("STATUS=idle"), "\(readyDatagram)")

        // A second client reaches the same daemon on the same socket.
        #expect(try request(#"{"cmd":"status"}"#, at: control).contains(#""state":"idle""#))

        // STATUS= follows the session: what `systemctl --user status reliefd` shows.
        #expect(try request(#"{"cmd":"start","routine":"wall-stretch"}"#, at: control).contains(#""ok":true"#))
        var running = ""
        while !running.contains("STATUS=running wall-stretch: step 1/") { running = try Support.receiveDatagram(notifySocket) }
        #expect(try request(#"{"cmd":"stop"}"#, at: control).contains(#""state":"idle""#))
        var idleAgain = ""
        while !idleAgain.contains("STATUS=idle") { idleAgain = try Support.receiveDatagram(notifySocket) }

        // SIGHUP (systemctl reload) is a reload that systemd can follow: RELOADING=1, then READY=1.
        process.send(SIGHUP)
        var reloading = false
        while !reloading { reloading = try Support.receiveDatagram(notifySocket).contains("RELOADING=1") }
        var readyAgain = false
        while !readyAgain { readyAgain = try Support.receiveDatagram(notifySocket).contains("READY=1") }
        #expect(try request(#"{"cmd":"ping"}"#, at: control).contains(#""ok":true"#))

        process.send(SIGTERM)
        var stopping = false
        while !stopping { stopping = try Support.receiveDatagram(notifySocket).contains("STOPPING=1") }
        #expect(try process.waitForExit() == 0)
        // The socket belongs to systemd (the socket unit): reliefd must not unlink it.
        #expect(access(control, F_OK) == 0, "reliefd removed the socket systemd listens on")
    }

    /// systemd may stop the service the moment it reports READY=1: the SIGTERM must not be
    /// lost while Dispatch is still setting up its signal handling. Repeated, because the
    /// window is short.
    @Test func aSigtermRightAfterReadyStopsTheDaemonCleanly() throws {
        let reliefd = Support.buildDirectory.appendingPathComponent("reliefd").path
        let scratch = try Support.temporaryDirectory()
        defer { Support.remove(scratch) }
        for round in 0..<15 {
            let notifyPath = scratch.appendingPathComponent("notify-\(round)").path
            let notifySocket = try Support.boundSocket(notifyPath, type: Int32(SOCK_DGRAM.rawValue))
            defer { close(notifySocket) }
            let environment = [
                "HOME": scratch.path, "XDG_CONFIG_HOME": scratch.appendingPathComponent("config").path,
                "NOTIFY_SOCKET": notifyPath, "SWIFT_BACKTRACE": "enable=no",
            ]
            let process = try Support.SpawnedProcess(reliefd, [
                "--socket", scratch.appendingPathComponent("control-\(round).sock").path,
                "--state-dir", scratch.appendingPathComponent("state").path, "--silent", "--log-level", "error",
            ], environment: environment)
            defer { process.stop() }
            var ready = false
            while !ready {
                let datagram = try Support.receiveDatagram(notifySocket)
                ready = datagram.contains("READY=1")
            }
            process.send(SIGTERM)
            let stopping: String
            do {
                stopping = try Support.receiveDatagram(notifySocket)
            } catch {
                // 143 = killed by the SIGTERM (default action): it came before Dispatch handled it.
                let status = try? process.waitForExit(seconds: 1)
                Issue.record("round \(round): no STOPPING=1 after SIGTERM; exit status \(String(describing: status))")
                throw error
            }
            #expect(stopping.contains("STOPPING=1"), "round \(round)")
            #expect(try process.waitForExit() == 0, "round \(round)")
        }
    }
}
