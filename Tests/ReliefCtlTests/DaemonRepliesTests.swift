import ReliefProtocol
import Testing
@testable import ReliefCtlKit

/// The daemon's own encoding (`Wire.line` of the typed `Status` and `Event`s, exactly as
/// reliefd writes them) read back the way relief-ctl reads a line and shown by its
/// renderers: the two sides share one description of every reply.
@Suite struct DaemonRepliesTests {
    /// A reply line as reliefd sends it, then as relief-ctl receives it.
    func received<T: Encodable>(_ value: T) throws -> ControlClient.Reply {
        var line = try Wire.line(value)
        #expect(line.removeLast() == UInt8(ascii: "\n"))
        return try ControlClient.reply(from: String(decoding: line, as: UTF8.self), path: "/s")
    }

    let running = ReliefProtocol.Status(
        state: "running", routine: "wall-stretch", title: "Wall stretch",
        step: .init(index: 1, count: 3, name: "Wall slide", phase: "hold", side: "left", rep: 1, reps: 3, phaseRemaining: 17.2),
        elapsed: 42.6, remaining: 128.4, duration: 171, pending: nil,
        snooze: .init(untilUnix: fridayTwoPM + 1740, remaining: 1740),
        audio: .init(device: "default", ok: false, error: "Device or resource busy"), timeScale: 1,
        media: .init(active: true, error: nil, pauseOthers: true), checks: ["in-call", "sleep"],
        history: .init(ok: false, error: "read-only file system"))

    @Test func theDaemonsStatusRendersAsTheStatusBlock() throws {
        let reply = try received(Reply(running))
        let status = try reply.decode(ReliefProtocol.Status.self, context: "status reply")
        #expect(status == running)
        #expect(StatusText.block(status, clock: utcClock) == """
            state:    running
            routine:  wall-stretch (Wall stretch)
            step:     2/3 Wall slide
            phase:    hold 0:18, left side, rep 1/3
            time:     0:42 elapsed, 2:09 remaining of 2:51
            snooze:   29:00 left (until 14:29)
            checks:   in-call, sleep
            audio:    default, error: Device or resource busy
            media:    MPRIS player relief, pauses other players
            history:  off: read-only file system
            """)
        #expect(StatusText.summary(status) == "running: wall-stretch, step 2/3 Wall slide (hold 0:18, left side, rep 1/3), 2:09 left")
    }

    @Test func theDaemonsEventsRenderAsFollowLines() throws {
        let cue = CueEvent(cue: "switch-side", routine: "wall-stretch",
                           step: .init(index: 1, name: "Wall slide", side: "right", rep: 1, phase: "prepare"),
                           plannedUnix: fridayTwoPM + 0.25, onsetUnix: fridayTwoPM + 0.251)
        let events: [Event] = [.state(running), .cue(cue), .end(SessionEnd(routine: "wall-stretch", outcome: "completed"))]
        var lines: [String] = []
        var view = FollowView()
        for event in events {
            let read = try Event.read(received(event).value)
            #expect(read == event)
            view.apply(read, at: fridayTwoPM + 1)
            lines.append(FollowText.eventLine(read, at: fridayTwoPM + 1, clock: utcClock))
        }
        #expect(lines == [
            "14:00:01.000 state running: wall-stretch, step 2/3 Wall slide (hold 0:18, left side, rep 1/3), 2:09 left",
            "14:00:00.250 cue switch-side · wall-stretch · step 2 Wall slide · prepare · right · rep 1",
            "14:00:01.000 end wall-stretch completed",
        ])
        #expect(view.status?.state == "idle")
    }

    @Test func theDaemonsOtherRepliesRender() throws {
        let pong = try received(Reply(Pong(version: Wire.version, pid: 42))).decode(Pong.self, context: "ping reply")
        #expect(ReplyText.ping(pong, path: "/s") == "reliefd \(Wire.version), pid 42, on /s")
        let started = try received(Reply(Started(routine: "posture-break", duration: 210, scheduled: true, startsIn: 10)))
            .decode(Started.self, context: "start reply")
        #expect(try ReplyText.start(started) == "scheduled break posture-break starts in 0:10 (3:30); relief-ctl stop cancels it")
        let skipped = try received(Reply(Started(skipped: "busy"))).decode(Started.self, context: "start reply")
        #expect(try ReplyText.start(skipped) == "scheduled break skipped: a session is already running")
        let snoozed = try received(Reply(Snoozed(snooze: nil))).decode(Snoozed.self, context: "snooze reply")
        #expect(ReplyText.snooze(snoozed, clock: utcClock) == "snooze off: scheduled breaks start again")
        let list = try received(Reply(RoutineList(routines: [
            RoutineSummary(name: "wall-stretch", title: "Wall stretch", summary: "Chest opener", duration: 171, source: .builtin),
        ]))).decode(RoutineList.self, context: "list reply")
        #expect(RoutineText.table(list, width: nil) == "NAME          TITLE         TIME  SOURCE   SUMMARY\nwall-stretch  Wall stretch  2:51  builtin  Chest opener")
        let history = try received(Reply(HistoryReport(
            sessions: [HistoryEntry(routine: "r", start: fridayTwoPM - 600, end: fridayTwoPM - 429, outcome: "completed",
                                    scheduled: true, stepsDone: 3, seconds: 171)],
            summary: HistorySummary(today: .init(sessions: 1, seconds: 171), last7Days: .init(sessions: 1, seconds: 171), streakDays: 1))))
            .decode(HistoryReport.self, context: "history reply")
        #expect(HistoryText.render(history, days: 1, clock: utcClock).hasSuffix("Fri 2025-11-21 13:50  r  completed  2:51  3 steps  scheduled"))
    }
}
