import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// Starting, stopping, crashing and guarding reliefd.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LifecycleEndToEndTests {
    @Test func theSocketIsPrivate() throws {
        let daemon = try ReliefdProcess()
        var info = stat()
        #expect(stat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(stat(daemon.directory.path + "/run", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test func sigtermStopsTheSessionRecordsItRemovesTheSocketAndExitsZero() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(daemon.signal(SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        let history = try String(contentsOfFile: daemon.stateDirectory + "/history.jsonl", encoding: .utf8)
        #expect(history.contains(#""outcome":"stopped""#))
    }

    @Test func aSecondDaemonOnALiveSocketExitsOneWithTheMessage() throws {
        let first = try ReliefdProcess()
        let second = try ReliefdProcess(in: first.directory, waitUntilServing: false)
        #expect(second.waitForExit(timeout: 10) == 1)
        #expect(second.log.contains("another reliefd is running on \(first.socketPath)"))
        #expect(try first.client().request(#"{"cmd":"ping"}"#)["ok"] as? Bool == true)
    }

    @Test func afterKillNineARestartReplacesTheSocketAndMarksTheSessionInterrupted() throws {
        let crashed = try ReliefdProcess(timeScale: 1)
        _ = try crashed.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(crashed.signal(SIGKILL) != nil)
        #expect(FileManager.default.fileExists(atPath: crashed.socketPath))  // left behind, stale
        let restarted = try ReliefdProcess(in: crashed.directory)
        let history = try restarted.client().request(#"{"cmd":"history"}"#)
        let sessions = try #require(history["sessions"] as? [[String: Any]])
        #expect(sessions.count == 1)
        #expect(sessions.first?["outcome"] as? String == "interrupted")
        #expect(sessions.first?["routine"] as? String == "long")
        #expect(restarted.signal(SIGTERM) == 0)
    }

    @Test func somethingElseAtTheSocketPathIsNeverDeleted() throws {
        let directory = try TemporaryDirectory()
        try directory.write("run/control.sock", "precious")
        let daemon = try ReliefdProcess(in: directory, waitUntilServing: false)
        #expect(daemon.waitForExit(timeout: 10) == 1)
        #expect(daemon.log.contains("is not a socket"))
        #expect(try String(contentsOfFile: directory.path + "/run/control.sock", encoding: .utf8) == "precious")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run a client as nobody"))
    func aClientOfAnotherUserIsForbidden() throws {
        let daemon = try ReliefdProcess()
        // Open the file-system guard (0700 directory, 0600 socket) so only SO_PEERCRED stands in the way.
        chmod(daemon.directory.path, 0o755)
        chmod(daemon.directory.path + "/run", 0o755)
        chmod(daemon.socketPath, 0o666)
        // The refusal comes on connect, before any request: read-only socat (-u) just prints it.
        let (_, reply, complaint) = try runToEnd("/usr/bin/setpriv", [
            "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/socat", "-u",
            "UNIX-CONNECT:" + daemon.socketPath, "STDOUT",
        ], timeout: 10)
        #expect(reply.contains(#""error":"forbidden""#), "reply: \(reply) \(complaint)")
        #expect(!reply.contains(#""pid""#))
        #expect(daemon.log.contains("refused a client of uid 65534"))
        #expect(try daemon.client().request(#"{"cmd":"ping"}"#)["ok"] as? Bool == true)
    }
}
