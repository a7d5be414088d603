import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// history.jsonl against the real daemon: whatever is at its path or wrong with its disk,
/// reliefd starts, sessions run, `status` and the log say why history is off, nothing is
/// written through a symlink or glued to a torn line, and the records are written once the
/// problem is gone.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HistoryEndToEndTests {
    static let tmpfsNote: Comment = "needs root and permission to mount a tmpfs (a real full or read-only disk); skipped"

    /// Runs the demo routine (0.18 s at time scale 0.01) to its end.
    func runDemo(_ daemon: ReliefdProcess) throws {
        let follower = try daemon.client()
        _ = try follower.request(#"{"cmd":"subscribe"}"#)
        _ = try daemon.client().request(#"{"cmd":"start","routine":"demo"}"#)
        let end = try follower.readObject(until: { $0["event"] as? String == "end" })
        #expect(end["outcome"] as? String == "completed")
    }

    func historyStatus(_ daemon: ReliefdProcess) throws -> [String: Any] {
        try #require(try daemon.client().request(#"{"cmd":"status"}"#)["history"] as? [String: Any])
    }

    @Test func outOfRangeTimesAreSkippedWithOneWarningAndHistoryAnswers() throws {
        let directory = try TemporaryDirectory()
        let recent = Int(Date().timeIntervalSince1970) - 3600
        try directory.write("state/history.jsonl", """
            {"id":"a","routine":"big","scheduled":false,"start":1e19,"type":"start"}
            {"id":"b","routine":"huge","scheduled":false,"start":1e300,"type":"start"}
            {"id":"c","routine":"tiny","scheduled":false,"start":-1e300,"type":"start"}
            {"id":"d","routine":"fine","scheduled":false,"start":\(recent),"type":"start"}
            {"end":\(recent + 60),"id":"d","outcome":"completed","seconds":60,"steps_done":1,"type":"end"}

            """)
        for _ in 0..<2 {  // and after a restart
            let daemon = try ReliefdProcess(in: directory)
            let reply = try daemon.client().request(#"{"cmd":"history","days":7}"#)
            #expect(reply["ok"] as? Bool == true, "\(reply)")
            #expect((reply["sessions"] as? [[String: Any]])?.map { $0["routine"] as? String } == ["fine"])
            let warnings = daemon.log.components(separatedBy: "\n").filter { $0.contains("unreadable or out-of-range") }
            #expect(warnings.count == 1, "\(daemon.log)")
            #expect(warnings.first?.contains("3 unreadable or out-of-range line(s): 1, 2, 3") == true)
            #expect(daemon.signal(SIGTERM) == 0)
        }
    }

    @Test func aFIFOAsHistoryNeitherHangsTheStartNorStopsSessions() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/state", withIntermediateDirectories: true)
        #expect(mkfifo(directory.path + "/state/history.jsonl", 0o600) == 0)
        let daemon = try ReliefdProcess(in: directory)
        try runDemo(daemon)
        let history = try historyStatus(daemon)
        #expect(history["ok"] as? Bool == false)
        #expect((history["error"] as? String)?.contains("is not a regular file (a FIFO)") == true, "\(history)")
        #expect(daemon.log.contains("history is off:"))
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func aSymlinkAsHistoryIsRefusedAndItsTargetLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("victim.txt", "not history\n")
        try FileManager.default.createDirectory(atPath: directory.path + "/state", withIntermediateDirectories: true)
        #expect(symlink(target, directory.path + "/state/history.jsonl") == 0)
        let daemon = try ReliefdProcess(in: directory)
        try runDemo(daemon)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "not history\n")
        let history = try historyStatus(daemon)
        #expect((history["error"] as? String)?.contains("is a symbolic link") == true, "\(history)")
        let status = try runToEnd(ReliefdProcess.binary.replacingOccurrences(of: "/reliefd", with: "/relief-ctl"),
                                  ["--socket", daemon.socketPath, "status"])
        #expect(status.output.contains("history:  off: "), "\(status.output)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: Tmpfs.available, tmpfsNote))
    func aReadOnlyStateDirectoryTurnsHistoryOffUntilItIsWritable() throws {
        let directory = try TemporaryDirectory()
        let disk = try Tmpfs(at: directory.path + "/state", kilobytes: 64, readOnly: true)
        defer { disk.unmount() }
        let daemon = try ReliefdProcess(in: directory)
        try runDemo(daemon)
        let off = try historyStatus(daemon)
        #expect(off["ok"] as? Bool == false)
        #expect((off["error"] as? String)?.contains("Read-only file system") == true, "\(off)")
        try disk.remount(readOnly: false)
        #expect(try historyStatus(daemon)["ok"] as? Bool == true)  // asking retries
        let sessions = try daemon.client().request(#"{"cmd":"history"}"#)["sessions"] as? [[String: Any]]
        #expect(sessions?.count == 1)
        #expect(daemon.signal(SIGTERM) == 0)
        let again = try ReliefdProcess(in: directory)
        #expect((try again.client().request(#"{"cmd":"history"}"#)["sessions"] as? [[String: Any]])?.first?["outcome"] as? String == "completed")
        #expect(again.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: Tmpfs.available, tmpfsNote))
    func aFullDiskLeavesNoTornLineAndTheRecordsFollowOnceThereIsRoom() throws {
        let directory = try TemporaryDirectory()
        let disk = try Tmpfs(at: directory.path + "/state", kilobytes: 64)
        defer { disk.unmount() }
        // One record ending 20 bytes before a page boundary: the next line fits partly in that
        // page, then the disk is full — a torn write, not a clean refusal.
        let head = #"{"id":"old","routine":""#, tail = #"","scheduled":false,"start":"# + "\(Int(Date().timeIntervalSince1970) - 60)" + #","type":"start"}"# + "\n"
        let original = head + String(repeating: "x", count: 4096 - 20 - head.utf8.count - tail.utf8.count) + tail
        try directory.write("state/history.jsonl", original)
        disk.fill()
        let daemon = try ReliefdProcess(in: directory)
        try runDemo(daemon)
        let path = directory.path + "/state/history.jsonl"
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original, "a fragment was left")
        let off = try historyStatus(daemon)
        #expect((off["error"] as? String)?.contains("No space left on device") == true, "\(off)")
        #expect(unlink(disk.path + "/filler") == 0)
        #expect(try historyStatus(daemon)["ok"] as? Bool == true)
        #expect(daemon.signal(SIGTERM) == 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)") }
        let again = try ReliefdProcess(in: directory)
        let sessions = try #require(try again.client().request(#"{"cmd":"history","days":7}"#)["sessions"] as? [[String: Any]])
        #expect(sessions.map { $0["outcome"] as? String } == ["interrupted", "completed"], "\(sessions)")
        #expect(again.signal(SIGTERM) == 0)
    }

    @Test func aSessionCutShortByACrashKeepsItsProgress() throws {
        let directory = try TemporaryDirectory()
        let daemon = try ReliefdProcess(in: directory)
        let client = try daemon.client()
        _ = try client.request(#"{"cmd":"start","routine":"long"}"#)
        let skipped = try client.request(#"{"cmd":"skip"}"#)
        #expect((skipped["step"] as? [String: Any])?["index"] as? Int == 1)
        kill(daemon.pid, SIGKILL)
        _ = daemon.waitForExit(timeout: 5)
        let again = try ReliefdProcess(in: directory)
        let session = try #require((try again.client().request(#"{"cmd":"history"}"#)["sessions"] as? [[String: Any]])?.first)
        #expect(session["outcome"] as? String == "interrupted")
        #expect(session["steps_done"] as? Int == 1, "\(session)")
        #expect((session["seconds"] as? Double ?? 0) > 3000, "\(session)")
        #expect(again.signal(SIGTERM) == 0)
    }
}
