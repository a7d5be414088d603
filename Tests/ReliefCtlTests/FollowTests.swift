import ReliefProtocol
import Testing
@testable import ReliefCtlKit

/// The `show` routine the follow tests use: a sided hold step, then a breathing step.
let followRoutine = """
    {"name":"wall-stretch","duration":171,"steps":[
      {"name":"Chest opener","prepare":5,"hold":30,"release":3,"rest":5,"reps":2,"sides":["left","right"]},
      {"name":"Deep breathing","prepare":3,"hold":null,"inhale":4,"exhale":6,"pause":1,"reps":5}]}
    """

func position(_ step: Int, _ phase: String, side: String? = nil, rep: Int = 1) -> PhaseClock.Position {
    PhaseClock.Position(routine: "wall-stretch", step: step, phase: phase, side: side, rep: rep)
}

@Suite("Phase countdown")
struct PhaseClockTests {
    func clock() throws -> PhaseClock {
        var clock = PhaseClock()
        try clock.learn(fields(followRoutine, "show reply"))
        return clock
    }

    @Test func unknownUntilAPhaseIsSeenToBegin() throws {
        var clock = try clock()
        // follow started in the middle of a hold: no idea how much is left.
        clock.observe(position(0, "hold", side: "left"), at: 100, running: true, total: 171)
        #expect(clock.remaining(at: 101) == nil)
        // The release cue opens the next phase: 3 s from its planned instant.
        clock.observe(position(0, "release", side: "left"), at: 110, running: true, total: nil)
        #expect(clock.remaining(at: 110) == 3)
        #expect(clock.remaining(at: 111.5) == 1.5)
        #expect(clock.remaining(at: 200) == 0)
    }

    @Test func countsEachPhaseWithItsOwnLength() throws {
        var clock = try clock()
        clock.observe(nil, at: 0, running: false, total: nil)
        clock.observe(position(0, "prepare", side: "left"), at: 10, running: true, total: 171)
        #expect(clock.remaining(at: 12) == 3)
        clock.observe(position(0, "hold", side: "left"), at: 15, running: true, total: nil)
        #expect(clock.remaining(at: 15) == 30)
        clock.observe(position(0, "hold", side: "right"), at: 50, running: true, total: nil)
        #expect(clock.remaining(at: 50) == 30)
        clock.observe(position(1, "inhale", rep: 2), at: 100, running: true, total: nil)
        #expect(clock.remaining(at: 101) == 3)
        clock.observe(position(1, "breath-pause", rep: 2), at: 110, running: true, total: nil)
        #expect(clock.remaining(at: 110) == 1)
        // A phase the routine has no length for (complete) is unknown.
        clock.observe(position(1, "complete", rep: 5), at: 120, running: true, total: nil)
        #expect(clock.remaining(at: 120) == nil)
    }

    @Test func lengthsLearnedAfterThePhaseBeganStillCount() {
        var clock = PhaseClock()
        clock.observe(nil, at: 0, running: false, total: nil)
        clock.observe(position(0, "hold", side: "left"), at: 10, running: true, total: 171)
        #expect(clock.remaining(at: 12) == nil)
        try? clock.learn(fields(followRoutine))
        #expect(clock.remaining(at: 12) == 28)
    }

    @Test func tickAndHalfwayCuesNeverStartAPhase() throws {
        var clock = try clock()
        clock.observe(position(0, "prepare", side: "left"), at: 0, running: true, total: 171)
        // A halfway cue from a hold whose start was missed must not restart the count.
        clock.observe(position(0, "hold", side: "left"), at: 20, running: true, total: nil, opensPhase: false)
        #expect(clock.remaining(at: 20) == nil)
    }

    @Test func pauseFreezesResumeContinuesExtendAdds() throws {
        var clock = try clock()
        clock.observe(nil, at: 0, running: false, total: nil)
        clock.observe(position(0, "hold", side: "left"), at: 10, running: true, total: 171)
        clock.observe(position(0, "hold", side: "left"), at: 20, running: false, total: 171)  // paused
        #expect(clock.remaining(at: 20) == 20)
        #expect(clock.remaining(at: 500) == 20)
        clock.observe(position(0, "hold", side: "left"), at: 600, running: true, total: 171)  // resumed
        #expect(clock.remaining(at: 605) == 15)
        clock.observe(position(0, "hold", side: "left"), at: 606, running: true, total: 181)  // extend 10
        #expect(clock.remaining(at: 606) == 24)
        // The same total again is no extension.
        clock.observe(position(0, "hold", side: "left"), at: 607, running: true, total: 181)
        #expect(clock.remaining(at: 607) == 23)
    }

    @Test func anUnknownRoutineHasNoCountdown() {
        var clock = PhaseClock()
        clock.observe(nil, at: 0, running: false, total: nil)
        clock.observe(position(0, "hold"), at: 1, running: true, total: 10)
        #expect(clock.remaining(at: 1) == nil)
        #expect(!clock.knows("wall-stretch"))
    }
}

@Suite("Follow view and lines")
struct FollowViewTests {
    func event(_ line: String) throws -> FollowEvent { try FollowEvent(JSONValue.parse(line)) }

    let holdState = """
        {"event":"state","state":"running","routine":"wall-stretch","title":"Wall stretch",
         "step":{"index":0,"count":2,"name":"Chest opener","phase":"prepare","side":"left","rep":1,"reps":2},
         "elapsed":0,"remaining":171,"duration":171,"pending":null,"snooze":null,
         "audio":{"device":"default","ok":true,"error":null}}
        """

    @Test func readsEveryEventKind() throws {
        #expect(try event(#"{"event":"end","routine":"wall-stretch","outcome":"completed"}"#) == .end(routine: "wall-stretch", outcome: "completed"))
        #expect(try event(#"{"event":"volume","level":3}"#) == .other(name: "volume"))
        let cue = try event(#"{"event":"cue","cue":"hold","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"left","rep":1,"phase":"hold"},"planned_unix":5.5,"onset_unix":null}"#)
        #expect(cue == .cue(name: "hold", routine: "wall-stretch",
                            step: .init(index: 0, name: "Chest opener", phase: "hold", side: "left", rep: 1), plannedUnix: 5.5))
        guard case .state(let report) = try event(holdState) else {
            Issue.record("not a state event")
            return
        }
        #expect(report.routine == "wall-stretch")
        #expect(throws: MalformedReply(description: "event: 'event' is missing (expected a string)")) { _ = try event(#"{"ok":true}"#) }
        #expect(throws: MalformedReply(description: "end event: 'outcome' is missing (expected a string)")) { _ = try event(#"{"event":"end"}"#) }
    }

    @Test func liveLineFollowsASessionWithCountdownAndBar() throws {
        var view = FollowView()
        try view.apply(StatusReport(fields(idleStatus.replacing(#""pending":{"routine":"posture-break","starts_unix":1763733608.0}"#, with: #""pending":null"#))), at: 0)
        #expect(FollowText.liveLine(view, at: 0, width: 80, clock: utcClock) == "idle · waiting for a session · Ctrl-C to quit")
        #expect(!view.isTicking)

        view.apply(try event(holdState), at: 10)
        #expect(view.routineNeedingSteps == "wall-stretch")
        try view.learn(fields(followRoutine))
        #expect(view.routineNeedingSteps == nil)
        #expect(view.isTicking)
        #expect(FollowText.liveLine(view, at: 12.5, width: 100, clock: utcClock)
            == "wall-stretch · 1/2 Chest opener · prepare 0:03 · left · rep 1/2 ▕░░░░░░░░░░░░░░░░░░░░▏ 2:49 left")

        view.apply(try event(#"{"event":"cue","cue":"hold","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"left","rep":1,"phase":"hold"},"planned_unix":15}"#), at: 15)
        #expect(FollowText.liveLine(view, at: 30, width: 100, clock: utcClock)
            == "wall-stretch · 1/2 Chest opener · hold 0:15 · left · rep 1/2 ▕██░░░░░░░░░░░░░░░░░░▏ 2:31 left")
        // A narrow terminal loses the bar first, then the head is cut; never the last column.
        let narrow = FollowText.liveLine(view, at: 30, width: 40, clock: utcClock)
        #expect(narrow == "wall-stretch · 1/2 Chest ope… 2:31 left")
        #expect(narrow.count <= 39)

        view.apply(try event(#"{"event":"end","routine":"wall-stretch","outcome":"stopped"}"#), at: 31)
        #expect(!view.isTicking)
        #expect(FollowText.liveLine(view, at: 31, width: 80, clock: utcClock).hasPrefix("idle"))
        #expect(FollowText.endLine(routine: "wall-stretch", outcome: "stopped", at: fridayTwoPM, clock: utcClock)
            == "wall-stretch stopped at 14:00")
    }

    @Test func pausedSessionsSayPausedAndStandStill() throws {
        var view = FollowView()
        view.apply(try event(holdState.replacing(#""state":"running""#, with: #""state":"paused""#).replacing(#""elapsed":0,"remaining":171"#, with: #""elapsed":60,"remaining":111"#)), at: 0)
        #expect(!view.isTicking)
        let line = FollowText.liveLine(view, at: 50, width: 120, clock: utcClock)
        #expect(line.hasPrefix("paused · wall-stretch · 1/2 Chest opener · prepare · left"))
        #expect(line.hasSuffix("1:51 left"))
    }

    @Test func aScheduledBreakCountsDownToItsStart() throws {
        var view = FollowView()
        try view.apply(StatusReport(fields(idleStatus)), at: fridayTwoPM)
        #expect(view.isTicking)
        #expect(FollowText.liveLine(view, at: fridayTwoPM + 2.5, width: 80, clock: utcClock)
            == "posture-break starts in 0:06 · relief-ctl stop cancels it")
    }

    @Test func plainLinesForPipes() throws {
        let clock = utcClock
        #expect(FollowText.eventLine(try event(#"{"event":"cue","cue":"switch-side","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"right","rep":2,"phase":"prepare"},"planned_unix":1763733600.25,"onset_unix":1763733600.251}"#), at: 0, clock: clock)
            == "14:00:00.250 cue switch-side · wall-stretch · step 1 Chest opener · prepare · right · rep 2")
        #expect(FollowText.eventLine(try event(holdState), at: fridayTwoPM + 1, clock: clock)
            == "14:00:01.000 state running: wall-stretch, step 1/2 Chest opener (prepare, left side, rep 1/2), 2:51 left")
        #expect(FollowText.eventLine(.end(routine: "wall-stretch", outcome: "completed"), at: fridayTwoPM, clock: clock)
            == "14:00:00.000 end wall-stretch completed")
        #expect(FollowText.eventLine(.other(name: "volume"), at: fridayTwoPM, clock: clock) == "14:00:00.000 event volume")
    }

    @Test func progressBar() {
        #expect(FollowText.bar(0, cells: 4) == "▕░░░░▏")
        #expect(FollowText.bar(0.5, cells: 4) == "▕██░░▏")
        #expect(FollowText.bar(1.7, cells: 4) == "▕████▏")
        #expect(FollowText.bar(.nan, cells: 2) == "▕░░▏")
    }
}

@Suite("Follow redraw timing")
struct FollowRedrawTests {
    @Test func redrawsWhenTheShownCountdownChanges() throws {
        var view = FollowView()
        #expect(view.secondsUntilChange(at: 0) == nil)
        try view.apply(StatusReport(fields(idleStatus)), at: fridayTwoPM)
        // A break starts at …608.0: at …602.25 it shows 0:06, and 0:05 from 0.75 s later.
        #expect(view.secondsUntilChange(at: fridayTwoPM + 2.25) == 0.75)
        view.apply(try FollowEvent(JSONValue.parse(runningStatus.replacing(#""ok":true"#, with: #""event":"state""#))), at: 100)
        // Time left 128.4 s: the next whole second is 0.4 s away.
        #expect(abs((view.secondsUntilChange(at: 100) ?? 0) - 0.4) < 1e-9)
        try view.learn(fields(followRoutine))
        // With a known phase, the phase countdown sets the pace.
        view.apply(try FollowEvent(JSONValue.parse(#"{"event":"cue","cue":"hold","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"left","rep":1,"phase":"hold"},"planned_unix":100.9}"#)), at: 101)
        #expect(abs((view.secondsUntilChange(at: 101) ?? 0) - 0.9) < 1e-9)
        let paused = runningStatus.replacing(#""ok":true"#, with: #""event":"state""#).replacing(#""state":"running""#, with: #""state":"paused""#)
        view.apply(try FollowEvent(JSONValue.parse(paused)), at: 102)
        #expect(view.secondsUntilChange(at: 102) == nil)
    }
}
