import Foundation
import Testing

/// Every command against the real reliefd, through a raw socket.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CommandEndToEndTests {
    @Test func pingListAndShowDescribeTheDaemonAndItsRoutines() throws {
        let daemon = try ReliefdProcess()
        let client = try daemon.client()
        let ping = try client.request(#"{"cmd":"ping"}"#)
        #expect(ping["ok"] as? Bool == true)
        #expect(ping["pid"] as? Int == Int(daemon.pid))
        #expect(ping["version"] as? String == "0.1.0")

        let list = try client.request(#"{"cmd":"list"}"#)
        let routines = try #require(list["routines"] as? [[String: Any]])
        let names = routines.compactMap { $0["name"] as? String }
        #expect(names == names.sorted())
        #expect(Set(["demo", "long", "ticks", "wall-stretch", "posture-break"]).isSubset(of: Set(names)))
        #expect(routines.first { $0["name"] as? String == "wall-stretch" }?["source"] as? String == "builtin")
        let demo = try #require(routines.first { $0["name"] as? String == "demo" })
        #expect(demo["title"] as? String == "Demo")
        #expect(demo["duration"] as? Double == 18)
        #expect(demo["source"] as? String == "user")

        let show = try client.request(#"{"cmd":"show","routine":"demo"}"#)
        let routine = try #require(show["routine"] as? [String: Any])
        #expect(routine["duration"] as? Double == 18)
        let cautions = try #require(routine["cautions"] as? [String])
        #expect(cautions.first == "Keep it gentle.")
        #expect(cautions.contains { $0.contains("numbness") })
        let step = try #require((routine["steps"] as? [[String: Any]])?.first)
        #expect(step["hold"] as? Double == 5)
        #expect(step["countdown"] as? Int == 3)
        #expect(step["inhale"] is NSNull)
        #expect(step["sides"] as? [String] == ["left", "right"])
        #expect(step["duration"] as? Double == 18)

        let unknown = try client.request(#"{"cmd":"show","routine":"nope"}"#)
        #expect(unknown["error"] as? String == "unknown-routine")
        #expect((unknown["message"] as? String)?.contains("demo") == true)
    }

    @Test func sessionCommandsSteerARunningSession() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        let client = try daemon.client()
        for command in ["stop", "pause", "resume", "toggle", "skip", "back", "extend"] {
            let reply = try client.request("{\"cmd\":\"\(command)\"}")
            #expect(reply["error"] as? String == "not-running", "\(command) while idle")
        }
        let idle = try client.request(#"{"cmd":"status"}"#)
        #expect(idle["state"] as? String == "idle")
        #expect(idle["routine"] is NSNull)
        #expect((idle["audio"] as? [String: Any])?["ok"] as? Bool == true)

        let start = try client.request(#"{"cmd":"start","routine":"long"}"#)
        #expect(start["routine"] as? String == "long")
        #expect(start["scheduled"] as? Bool == false)
        #expect(start["starts_in"] as? Double == 0)
        #expect(try client.request(#"{"cmd":"start","routine":"demo"}"#)["error"] as? String == "busy")

        let status = try client.request(#"{"cmd":"status"}"#)
        #expect(status["state"] as? String == "running")
        let step = try #require(status["step"] as? [String: Any])
        #expect(step["index"] as? Int == 0)
        #expect(step["count"] as? Int == 2)
        #expect(step["phase"] as? String == "prepare")

        #expect(try client.request(#"{"cmd":"pause"}"#)["state"] as? String == "paused")
        #expect(try client.request(#"{"cmd":"pause"}"#)["state"] as? String == "paused")
        #expect(try client.request(#"{"cmd":"resume"}"#)["state"] as? String == "running")
        #expect(try client.request(#"{"cmd":"toggle"}"#)["state"] as? String == "paused")
        #expect(try client.request(#"{"cmd":"toggle"}"#)["state"] as? String == "running")
        let extendInPrepare = try client.request(#"{"cmd":"extend","seconds":5}"#)
        #expect(extendInPrepare["error"] as? String == "bad-request")
        let skipped = try client.request(#"{"cmd":"skip"}"#)
        #expect((skipped["step"] as? [String: Any])?["index"] as? Int == 1)
        let back = try client.request(#"{"cmd":"back"}"#)
        #expect((back["step"] as? [String: Any])?["index"] as? Int == 0)
        #expect(try client.request(#"{"cmd":"extend","seconds":0}"#)["error"] as? String == "bad-request")

        let stopped = try client.request(#"{"cmd":"stop"}"#)
        #expect(stopped["state"] as? String == "idle")
        let history = try client.request(#"{"cmd":"history"}"#)
        let sessions = try #require(history["sessions"] as? [[String: Any]])
        #expect(sessions.count == 1)
        #expect(sessions.first?["outcome"] as? String == "stopped")
        #expect(sessions.first?["routine"] as? String == "long")
        let summary = try #require(history["summary"] as? [String: Any])
        #expect((summary["today"] as? [String: Any])?["sessions"] as? Int == 1)
        #expect(summary["streak_days"] as? Int == 0)
    }

    @Test func aSubscriberSeesCuesStateAndTheEndOfACompletedSession() throws {
        let daemon = try ReliefdProcess(timeScale: 0.02)
        let subscriber = try daemon.client()
        #expect(try subscriber.request(#"{"cmd":"subscribe"}"#)["subscribed"] as? Bool == true)
        let client = try daemon.client()
        let before = Date().timeIntervalSince1970
        _ = try client.request(#"{"cmd":"start","routine":"demo"}"#)
        var cues: [[String: Any]] = []
        let end = try subscriber.readObject(until: { event in
            if event["event"] as? String == "cue" { cues.append(event) }
            return event["event"] as? String == "end"
        })
        #expect(end["outcome"] as? String == "completed")
        #expect(end["routine"] as? String == "demo")
        #expect(cues.map { $0["cue"] as? String ?? "?" } == [
            "begin", "hold", "tick", "tick", "tick", "release",
            "switch-side", "hold", "tick", "tick", "tick", "release", "complete",
        ])
        // Planned instants follow the timeline at the time scale: 18 s × 0.02 from begin to complete.
        let planned = cues.compactMap { $0["planned_unix"] as? Double }
        #expect(abs(planned.last! - planned.first! - 0.36) < 0.001)
        #expect(planned.first! >= before - 0.01)
        #expect((cues[1]["step"] as? [String: Any])?["phase"] as? String == "hold")
        #expect((cues[6]["step"] as? [String: Any])?["side"] as? String == "right")
        let idle = try subscriber.readObject(until: { $0["event"] as? String == "state" })
        #expect(idle["state"] as? String == "idle")

        let history = try client.request(#"{"cmd":"history","days":1}"#)
        let session = try #require((history["sessions"] as? [[String: Any]])?.first)
        #expect(session["outcome"] as? String == "completed")
        #expect(session["steps_done"] as? Int == 1)
        #expect(session["seconds"] as? Double == 18)
        #expect((history["summary"] as? [String: Any])?["streak_days"] as? Int == 1)
    }

    @Test func aScheduledStartWarnsThenBeginsUnlessBusyOrSnoozed() throws {
        let daemon = try ReliefdProcess(timeScale: 0.05, arguments: ["--break-routine", "demo", "--warning", "4"])
        let client = try daemon.client()
        let subscriber = try daemon.client()
        _ = try subscriber.request(#"{"cmd":"subscribe"}"#)

        let accepted = try client.request(#"{"cmd":"start","scheduled":true}"#)
        #expect(accepted["routine"] as? String == "demo")
        #expect(accepted["scheduled"] as? Bool == true)
        let startsIn = try #require(accepted["starts_in"] as? Double)
        #expect(startsIn > 0.2 && startsIn < 0.3)
        let pending = try client.request(#"{"cmd":"status"}"#)
        #expect((pending["pending"] as? [String: Any])?["routine"] as? String == "demo")
        #expect(try client.request(#"{"cmd":"start","routine":"long"}"#)["error"] as? String == "busy")
        #expect(try client.request(#"{"cmd":"start","scheduled":true}"#)["skipped"] as? String == "busy")

        let begun = try subscriber.readObject(until: { $0["event"] as? String == "state" && $0["state"] as? String == "running" })
        #expect(begun["routine"] as? String == "demo")
        _ = try subscriber.readObject(until: { $0["event"] as? String == "end" })
        let history = try client.request(#"{"cmd":"history"}"#)
        #expect((history["sessions"] as? [[String: Any]])?.first?["scheduled"] as? Bool == true)

        // stop cancels a pending break; nothing is recorded for it.
        _ = try client.request(#"{"cmd":"start","routine":"demo","scheduled":true}"#)
        let cancelled = try client.request(#"{"cmd":"stop"}"#)
        #expect(cancelled["state"] as? String == "idle")
        #expect(cancelled["pending"] is NSNull)

        // snooze cancels a pending break and skips the next ones until turned off.
        _ = try client.request(#"{"cmd":"start","scheduled":true}"#)
        let snoozed = try client.request(#"{"cmd":"snooze","seconds":1800}"#)
        let snooze = try #require(snoozed["snooze"] as? [String: Any])
        #expect((snooze["remaining"] as? Double ?? 0) > 1799)
        #expect(try client.request(#"{"cmd":"status"}"#)["pending"] is NSNull)
        #expect(try client.request(#"{"cmd":"start","scheduled":true}"#)["skipped"] as? String == "snoozed")
        #expect(try client.request(#"{"cmd":"snooze","seconds":0}"#)["snooze"] is NSNull)
        #expect(try client.request(#"{"cmd":"start","scheduled":true}"#)["scheduled"] as? Bool == true)
        #expect(try client.request(#"{"cmd":"stop"}"#)["ok"] as? Bool == true)
        #expect((try client.request(#"{"cmd":"history"}"#)["sessions"] as? [[String: Any]])?.count == 1)
    }

    @Test func cueHistoryDaysAndReload() throws {
        let daemon = try ReliefdProcess()
        let client = try daemon.client()
        #expect(try client.request(#"{"cmd":"cue","cue":"switch-side"}"#)["cue"] as? String == "switch-side")
        let badCue = try client.request(#"{"cmd":"cue","cue":"gong"}"#)
        #expect(badCue["error"] as? String == "bad-request")
        #expect((badCue["message"] as? String)?.contains("switch-side") == true)
        #expect(try client.request(#"{"cmd":"history","days":0}"#)["error"] as? String == "bad-request")
        #expect(try client.request(#"{"cmd":"history","days":3650}"#)["sessions"] as? [Any] != nil)

        try daemon.addRoutine("extra", TestRoutines.demo.replacingOccurrences(of: "name = \"demo\"", with: "name = \"extra\""))
        try daemon.directory.write("routines/broken.toml", "name = \"broken\"\ntitle = [\n")
        let before = try #require((try client.request(#"{"cmd":"list"}"#)["routines"] as? [Any])?.count)
        let reloaded = try client.request(#"{"cmd":"reload"}"#)
        #expect(reloaded["routines"] as? Int == before + 1)
        let problems = try #require(reloaded["problems"] as? [String])
        #expect(problems.count == 1)
        #expect(problems.first?.contains("broken.toml:") == true)

        try daemon.addRoutine("later", TestRoutines.demo.replacingOccurrences(of: "name = \"demo\"", with: "name = \"later\""))
        kill(daemon.pid, SIGHUP)
        let deadline = Date().addingTimeInterval(5)
        var names: [String] = []
        while Date() < deadline, !names.contains("later") {
            names = (try client.request(#"{"cmd":"list"}"#)["routines"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        }
        #expect(names.contains("later"))
        #expect(daemon.isRunning)
    }
}
