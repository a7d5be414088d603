import ReliefProtocol
import Testing
@testable import ReliefCtlKit

/// A `state` event of a session in the prepare phase of its first step, 5 s of it left.
let prepareState = """
    {"event":"state","state":"running","routine":"wall-stretch","title":"Wall stretch",
     "step":{"index":0,"count":2,"name":"Chest opener","phase":"prepare","side":"left","rep":1,"reps":2,"phase_remaining":5},
     "elapsed":0,"remaining":171,"duration":171,"pending":null,"snooze":null,
     "audio":{"device":"default","ok":true,"error":null},"time_scale":1}
    """

@Suite("Phase countdown")
struct PhaseCountdownTests {
    func event(_ line: String) throws -> Event { try Event.read(JSONValue.parse(line)) }

    @Test func countsDownTheDaemonsPhaseRemainingOnTheWallClock() throws {
        var view = FollowView()
        view.apply(try event(prepareState), at: 10)
        #expect(view.phaseRemaining(at: 10) == 5)
        #expect(view.phaseRemaining(at: 12.5) == 2.5)
        #expect(view.phaseRemaining(at: 99) == 0)
    }

    @Test func routineSecondsRunAtTheDaemonsTimeScale() throws {
        var view = FollowView()
        view.apply(try event(prepareState.replacing(#""time_scale":1"#, with: #""time_scale":0.5"#)), at: 10)
        // One real second is two routine seconds.
        #expect(view.phaseRemaining(at: 11) == 3)
        #expect(view.elapsed(at: 11) == 2)
        #expect(view.remaining(at: 11) == 169)
    }

    @Test func pausedCountdownsStandStill() throws {
        var view = FollowView()
        view.apply(try event(prepareState.replacing(#""state":"running""#, with: #""state":"paused""#)), at: 10)
        #expect(view.phaseRemaining(at: 500) == 5)
        #expect(view.elapsed(at: 500) == 0)
    }

    @Test func aCueOpeningAPhaseWaitsForTheStateThatFollowsIt() throws {
        var view = FollowView()
        view.apply(try event(prepareState), at: 10)
        // A tick inside the phase changes nothing.
        view.apply(try event(#"{"event":"cue","cue":"tick","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"left","rep":1,"phase":"prepare"},"planned_unix":13}"#), at: 13)
        #expect(view.phaseRemaining(at: 14) == 1)
        // The hold cue opens a phase whose length only the daemon's next state says.
        view.apply(try event(#"{"event":"cue","cue":"hold","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"left","rep":1,"phase":"hold"},"planned_unix":15}"#), at: 15)
        #expect(view.status?.step?.phase == "hold")
        #expect(view.phaseRemaining(at: 15) == nil)
        view.apply(try event(prepareState.replacing(#""phase":"prepare""#, with: #""phase":"hold""#)
            .replacing(#""phase_remaining":5"#, with: #""phase_remaining":30"#)), at: 15)
        #expect(view.phaseRemaining(at: 20) == 25)
    }

    @Test func aDaemonWithoutPhaseRemainingShowsNoPhaseCountdown() throws {
        var view = FollowView()
        view.apply(try event(prepareState.replacing(#","phase_remaining":5"#, with: "")), at: 10)
        #expect(view.phaseRemaining(at: 11) == nil)
        #expect(FollowText.liveLine(view, at: 11, width: 100, clock: utcClock)
            == "wall-stretch · 1/2 Chest opener · prepare · left · rep 1/2 ▕░░░░░░░░░░░░░░░░░░░░▏ 2:50 left")
    }
}

@Suite("Follow view and lines")
struct FollowViewTests {
    func event(_ line: String) throws -> Event { try Event.read(JSONValue.parse(line)) }

    let holdState = prepareState

    @Test func readsEveryEventKind() throws {
        #expect(try event(#"{"event":"end","routine":"wall-stretch","outcome":"completed"}"#) == .end(SessionEnd(routine: "wall-stretch", outcome: "completed")))
        #expect(try event(#"{"event":"volume","level":3}"#) == .other("volume"))
        let cue = try event(#"{"event":"cue","cue":"hold","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"left","rep":1,"phase":"hold"},"planned_unix":5.5,"onset_unix":null}"#)
        #expect(cue == .cue(CueEvent(cue: "hold", routine: "wall-stretch",
                                     step: .init(index: 0, name: "Chest opener", side: "left", rep: 1, phase: "hold"),
                                     plannedUnix: 5.5, onsetUnix: nil)))
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
        try view.apply(status(idleStatus.replacing(#""pending":{"routine":"posture-break","starts_unix":1763733608.0}"#, with: #""pending":null"#)), at: 0)
        #expect(FollowText.liveLine(view, at: 0, width: 80, clock: utcClock) == "idle · waiting for a session · Ctrl-C to quit")
        #expect(!view.isTicking)

        view.apply(try event(holdState), at: 10)
        #expect(view.isTicking)
        #expect(FollowText.liveLine(view, at: 12.5, width: 100, clock: utcClock)
            == "wall-stretch · 1/2 Chest opener · prepare 0:03 · left · rep 1/2 ▕░░░░░░░░░░░░░░░░░░░░▏ 2:49 left")

        view.apply(try event(#"{"event":"cue","cue":"hold","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"left","rep":1,"phase":"hold"},"planned_unix":15}"#), at: 15)
        view.apply(try event(holdState.replacing(#""phase":"prepare""#, with: #""phase":"hold""#)
            .replacing(#""phase_remaining":5"#, with: #""phase_remaining":30"#)
            .replacing(#""elapsed":0,"remaining":171"#, with: #""elapsed":5,"remaining":166"#)), at: 15)
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
        // The phase countdown stands still too.
        #expect(line.hasPrefix("paused · wall-stretch · 1/2 Chest opener · prepare 0:05 · left"))
        #expect(line.hasSuffix("1:51 left"))
    }

    @Test func aScheduledBreakCountsDownToItsStart() throws {
        var view = FollowView()
        try view.apply(status(idleStatus), at: fridayTwoPM)
        #expect(view.isTicking)
        #expect(FollowText.liveLine(view, at: fridayTwoPM + 2.5, width: 80, clock: utcClock)
            == "posture-break starts in 0:06 · relief-ctl stop cancels it")
    }

    @Test func plainLinesForPipes() throws {
        let clock = utcClock
        #expect(FollowText.eventLine(try event(#"{"event":"cue","cue":"switch-side","routine":"wall-stretch","step":{"index":0,"name":"Chest opener","side":"right","rep":2,"phase":"prepare"},"planned_unix":1763733600.25,"onset_unix":1763733600.251}"#), at: 0, clock: clock)
            == "14:00:00.250 cue switch-side · wall-stretch · step 1 Chest opener · prepare · right · rep 2")
        #expect(FollowText.eventLine(try event(holdState), at: fridayTwoPM + 1, clock: clock)
            == "14:00:01.000 state running: wall-stretch, step 1/2 Chest opener (prepare 0:05, left side, rep 1/2), 2:51 left")
        #expect(FollowText.eventLine(.end(SessionEnd(routine: "wall-stretch", outcome: "completed")), at: fridayTwoPM, clock: clock)
            == "14:00:00.000 end wall-stretch completed")
        #expect(FollowText.eventLine(.other("volume"), at: fridayTwoPM, clock: clock) == "14:00:00.000 event volume")
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
        try view.apply(status(idleStatus), at: fridayTwoPM)
        // A break starts at …608.0: at …602.25 it shows 0:06, and 0:05 from 0.75 s later.
        #expect(view.secondsUntilChange(at: fridayTwoPM + 2.25) == 0.75)
        view.apply(try Event.read(JSONValue.parse(runningStatus.replacing(#""ok":true"#, with: #""event":"state""#))), at: 100)
        // Time left 128.4 s: the next whole second is 0.4 s away.
        #expect(abs((view.secondsUntilChange(at: 100) ?? 0) - 0.4) < 1e-9)
        // With a known phase, the phase countdown sets the pace: 30.9 s left shows 0:31 for 0.9 s,
        let hold = prepareState.replacing(#""phase_remaining":5"#, with: #""phase_remaining":30.9"#)
        view.apply(try Event.read(JSONValue.parse(hold)), at: 101)
        #expect(abs((view.secondsUntilChange(at: 101) ?? 0) - 0.9) < 1e-9)
        // and half that at --time-scale 0.5, where routine seconds pass twice as fast.
        view.apply(try Event.read(JSONValue.parse(hold.replacing(#""time_scale":1"#, with: #""time_scale":0.5"#))), at: 101)
        #expect(abs((view.secondsUntilChange(at: 101) ?? 0) - 0.45) < 1e-9)
        let paused = runningStatus.replacing(#""ok":true"#, with: #""event":"state""#).replacing(#""state":"running""#, with: #""state":"paused""#)
        view.apply(try Event.read(JSONValue.parse(paused)), at: 102)
        #expect(view.secondsUntilChange(at: 102) == nil)
    }
}
