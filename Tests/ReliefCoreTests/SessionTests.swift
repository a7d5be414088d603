import Testing
@testable import ReliefCore

/// A command a person sends, so tests (and the property test) can apply them uniformly.
enum Command: CaseIterable {
    case pause, resume, toggle, skip, back, extend, stop

    static let extendSeconds = 10.0

    func apply(to session: inout Session, now: Double) throws(SessionError) -> [SessionAction] {
        switch self {
        case .pause: try session.pause(now: now)
        case .resume: try session.resume(now: now)
        case .toggle: try session.toggle(now: now)
        case .skip: try session.skip(now: now)
        case .back: try session.back(now: now)
        case .extend: try session.extend(by: Self.extendSeconds, now: now)
        case .stop: try session.stop(now: now)
        }
    }
}

/// Plays the daemon's part: performs a session's actions punctually (calls `advance` exactly
/// at each armed deadline) and keeps what the audio stream would sound.
struct Scheduler {
    var session: Session
    /// Cues handed to the stream and not cancelled, in the order handed out: what is heard.
    private(set) var heard: [(cue: TimedCue, at: Double)] = []
    /// Control cues played at once, with the instant they were asked for.
    private(set) var controls: [(cue: Cue, at: Double)] = []
    private(set) var deadline: Double?
    private(set) var outcome: Outcome?

    init(_ routine: Routine, timeScale: Double = 1, lookahead: Double = 0.25) {
        session = Session(timeline: Timeline(routine: routine), timeScale: timeScale, lookahead: lookahead)
    }

    var cues: [TimedCue] { session.timeline.cues }

    /// The tests' usual set-up: `routine` started at 1000 with a 0.25 s lookahead.
    static func started(_ routine: Routine = threeSteps) -> Scheduler {
        var scheduler = Scheduler(routine, lookahead: 0.25)
        scheduler.start(at: 1000)
        return scheduler
    }

    @discardableResult
    mutating func start(at now: Double) -> [SessionAction] {
        let actions = session.start(now: now)
        perform(actions, now: now)
        return actions
    }

    /// Calls `advance` at every armed deadline up to and including `time`.
    mutating func run(until time: Double) {
        while let deadline, deadline <= time {
            perform(session.advance(now: deadline), now: deadline)
        }
    }

    /// Runs to `now`, then applies `command` there.
    @discardableResult
    mutating func send(_ command: Command, at now: Double) throws(SessionError) -> [SessionAction] {
        run(until: now)
        let actions = try command.apply(to: &session, now: now)
        perform(actions, now: now)
        return actions
    }

    mutating func perform(_ actions: [SessionAction], now: Double) {
        var armed = false
        for action in actions {
            switch action {
            case let .play(cue, at): heard.append((cue, at))
            case let .playNow(cue): controls.append((cue, now))
            case let .cancelScheduled(from): heard.removeAll { $0.at >= from }
            case let .arm(deadline): self.deadline = deadline; armed = true
            case let .finish(outcome): self.outcome = outcome
            }
        }
        if !armed { deadline = nil }
    }

    /// What is heard, as `instant cue` lines.
    var heardLines: [String] { heard.map { "\($0.at) \($0.cue.cue.rawValue)" } }
}

/// `instant cue` lines for `cues[range]`, each at `origin + offset`.
func expected(_ cues: [TimedCue], _ range: some RangeExpression<Int>, origin: Double) -> [String] {
    cues[range].map { "\(origin + $0.offset) \($0.cue.rawValue)" }
}

/// A position as one line: `state phase step/side/rep elapsed remaining`.
func describe(_ position: SessionPosition) -> String {
    "\(position.state.rawValue) \(position.phase.rawValue) \(position.stepIndex)/\(position.side ?? "-")/\(position.rep)"
        + " \(position.elapsed) \(position.remaining)"
}

/// Cues of `TimelineRoutineTests.threeSteps`, by index:
/// 0 begin@0, 1 hold@5, 2–4 tick@12,13,14, 5 release@15 (Wall slide);
/// 6 begin@20, 7 hold@22, 8 release@26, 9 switch-side@28, 10 hold@30, 11 release@34 (Shoulder roll);
/// 12 begin@36, 13 inhale@38, 14 exhale@41, 15 inhale@44, 16 exhale@47, 17 release@50 (Deep breath);
/// 18 complete@52.
let threeSteps = TimelineRoutineTests.threeSteps

@Suite struct SessionStartTests {
    @Test func startHandsOutTheFirstCueAndArmsForTheNext() {
        var session = Session(timeline: Timeline(routine: threeSteps), lookahead: 0.25)
        let actions = session.start(now: 1000)
        #expect(actions == [.play(session.timeline.cues[0], at: 1000), .arm(deadline: 1004.75)])
        #expect(describe(session.position(now: 1000)) == "running prepare 0/-/1 0.0 52.0")
        #expect(session.position(now: 1000).stepName == "Wall slide")
    }

    @Test func startHandsOutEverythingWithinTheLookahead() {
        let short = routine(holdStep(prepare: 0, hold: 1, countdown: 0, release: 1))
        var session = Session(timeline: Timeline(routine: short), lookahead: 1.5)
        let cues = session.timeline.cues
        #expect(session.start(now: 10) == [
            .play(cues[0], at: 10), .play(cues[1], at: 10), .play(cues[2], at: 11), .arm(deadline: 10.5),
        ])
    }

    @Test func startingTwiceDoesNothing() {
        var session = Session(timeline: Timeline(routine: threeSteps))
        _ = session.start(now: 1000)
        #expect(session.start(now: 1001) == [])
        #expect(session.position(now: 1001).elapsed == 1)
    }

    @Test func advanceBeforeTheDeadlineOnlyArmsAgain() {
        var session = Session(timeline: Timeline(routine: threeSteps), lookahead: 0.25)
        _ = session.start(now: 1000)
        #expect(session.advance(now: 1002) == [.arm(deadline: 1004.75)])
        #expect(session.advance(now: 1004.75) == [.play(session.timeline.cues[1], at: 1005), .arm(deadline: 1011.75)])
    }

    @Test func idleSessionReportsTheRoutineStart() {
        let session = Session(timeline: Timeline(routine: threeSteps))
        #expect(describe(session.position(now: 5)) == "idle prepare 0/-/1 0.0 52.0")
        #expect(session.outcome == nil && !session.isOver)
        #expect(session.plannedInstant(ofCue: 0) == nil)
    }

    @Test func aRoutineWithoutStepsCompletesAtOnce() {
        var session = Session(timeline: Timeline(routine: routine()))
        #expect(session.start(now: 3) == [.play(session.timeline.cues[0], at: 3), .finish(.completed)])
        #expect(session.outcome == .completed)
    }

    @Test func badTimeScaleAndLookaheadFallBackToSafeValues() {
        let timeline = Timeline(routine: threeSteps)
        #expect(Session(timeline: timeline, timeScale: 0).timeScale == 1)
        #expect(Session(timeline: timeline, timeScale: -2).timeScale == 1)
        #expect(Session(timeline: timeline, timeScale: .nan).timeScale == 1)
        #expect(Session(timeline: timeline, lookahead: -1).lookahead == 0)
    }
}

@Suite struct SessionCompletionTests {
    @Test(arguments: [1.0, 0.05])
    func advancingToTheEndPlaysEveryCueOnceInOrderAtExactInstants(timeScale: Double) {
        var scheduler = Scheduler(threeSteps, timeScale: timeScale, lookahead: 0.01)
        scheduler.start(at: 1000)
        scheduler.run(until: .infinity)
        #expect(scheduler.heard.map(\.cue) == scheduler.cues)
        #expect(scheduler.heard.map(\.at) == scheduler.cues.map { 1000 + $0.offset * timeScale })
        #expect(scheduler.outcome == .completed)
        #expect(scheduler.session.isOver)
        #expect(describe(scheduler.session.position(now: 5000)) == "idle complete 2/-/2 52.0 0.0")
    }

    @Test func completeFinishesOnlyOnceItsInstantHasPassed() {
        var scheduler = Scheduler.started()
        scheduler.run(until: 1051.9)
        #expect(scheduler.heard.last.map { "\($0.at) \($0.cue.cue)" } == "1052.0 complete")
        #expect(scheduler.deadline == 1052)
        #expect(scheduler.outcome == nil)
        #expect(scheduler.session.advance(now: 1052) == [.finish(.completed)])
        #expect(scheduler.session.advance(now: 1053) == [])
    }

    /// The scheduler's deadline at the `complete` instant and a command can race: a command
    /// that finds the routine already over completes it instead of acting.
    @Test(arguments: [Command.pause, .toggle, .skip, .back, .extend, .stop])
    func aCommandAfterTheCompleteInstantCompletesTheSession(command: Command) throws {
        var scheduler = Scheduler.started()
        scheduler.run(until: 1051.9)
        #expect(scheduler.deadline == 1052)
        #expect(try command.apply(to: &scheduler.session, now: 1052.5) == [.finish(.completed)])
        #expect(scheduler.session.outcome == .completed)
        #expect(throws: SessionError.notRunning) { try command.apply(to: &scheduler.session, now: 1053) }
    }

    @Test func aLateAdvanceHandsOutEverythingDueThenFinishes() {
        var session = Session(timeline: Timeline(routine: threeSteps), lookahead: 0.25)
        _ = session.start(now: 1000)
        let cues = session.timeline.cues
        let actions = session.advance(now: 2000)
        #expect(actions == cues.dropFirst().map { .play($0, at: 1000 + $0.offset) } + [.finish(.completed)])
    }
}

@Suite struct SessionPauseTests {
    @Test func pauseDuringCountdownThenResumeShiftsByThePauseLength() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        // The tick at 1013 was handed out at 1012.75 and has not sounded.
        scheduler.run(until: 1012.875)
        #expect(scheduler.heard.last.map { "\($0.at)" } == "1013.0")
        #expect(try scheduler.send(.pause, at: 1012.875) == [.cancelScheduled(from: 1012.875), .playNow(.pause)])
        #expect(scheduler.heardLines == expected(cues, 0...2, origin: 1000))
        #expect(scheduler.deadline == nil)
        #expect(describe(scheduler.session.position(now: 1015)) == "paused hold 0/-/1 12.875 39.125")
        #expect(scheduler.session.advance(now: 1016) == [])

        let resumed = try scheduler.send(.resume, at: 1020.875)
        #expect(resumed == [.playNow(.resume), .play(cues[3], at: 1021), .arm(deadline: 1021.75)])
        #expect(describe(scheduler.session.position(now: 1021)) == "running hold 0/-/1 13.0 39.0")
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...2, origin: 1000) + expected(cues, 3..., origin: 1008))
        #expect(scheduler.controls.map { "\($0.at) \($0.cue)" } == ["1012.875 pause", "1020.875 resume"])
        #expect(scheduler.outcome == .completed)
    }

    @Test func pausingTwiceIsAlreadyPaused() throws {
        var scheduler = Scheduler(threeSteps)
        scheduler.start(at: 1000)
        try scheduler.send(.pause, at: 1003)
        #expect(throws: SessionError.alreadyPaused) { try scheduler.send(.pause, at: 1004) }
        #expect(describe(scheduler.session.position(now: 1004)) == "paused prepare 0/-/1 3.0 49.0")
    }

    @Test func resumeWhenNotPaused() throws {
        var scheduler = Scheduler(threeSteps)
        #expect(throws: SessionError.notRunning) { try scheduler.send(.resume, at: 999) }
        scheduler.start(at: 1000)
        #expect(throws: SessionError.notPaused) { try scheduler.send(.resume, at: 1003) }
        #expect(scheduler.session.position(now: 1003).state == .running)
    }

    @Test func togglePausesAndResumes() throws {
        var scheduler = Scheduler(threeSteps, lookahead: 0.25)
        #expect(throws: SessionError.notRunning) { try scheduler.send(.toggle, at: 999) }
        scheduler.start(at: 1000)
        #expect(try scheduler.send(.toggle, at: 1003) == [.cancelScheduled(from: 1003), .playNow(.pause)])
        #expect(scheduler.session.position(now: 1004).state == .paused)
        #expect(try scheduler.send(.toggle, at: 1006) == [.playNow(.resume), .arm(deadline: 1007.75)])
        #expect(scheduler.session.position(now: 1006).state == .running)
    }

    @Test func timeNeverRunsBackwards() throws {
        var scheduler = Scheduler.started()
        try scheduler.send(.pause, at: 1010)
        // A resume "before" the pause counts as a resume at the pause instant.
        #expect(try scheduler.session.resume(now: 1005) == [.playNow(.resume), .arm(deadline: 1011.75)])
        #expect(scheduler.session.position(now: 900).elapsed == 10)
    }
}

@Suite struct SessionSkipTests {
    @Test func skipMidStepStartsTheNextStepNow() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        let actions = try scheduler.send(.skip, at: 1008)
        #expect(actions == [.cancelScheduled(from: 1008), .play(cues[6], at: 1008), .arm(deadline: 1009.75)])
        #expect(describe(scheduler.session.position(now: 1008)) == "running prepare 1/left/1 20.0 32.0")
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...1, origin: 1000) + expected(cues, 6..., origin: 988))
    }

    @Test func skipTwiceSkipsTwoSteps() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        try scheduler.send(.skip, at: 1008)
        try scheduler.send(.skip, at: 1009)
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...1, origin: 1000) + ["1008.0 begin"]
            + expected(cues, 12..., origin: 973))
    }

    @Test func skipOnTheLastStepCompletes() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        let actions = try scheduler.send(.skip, at: 1040)
        #expect(actions == [.cancelScheduled(from: 1040), .play(cues[18], at: 1040), .finish(.completed)])
        #expect(scheduler.outcome == .completed)
        #expect(describe(scheduler.session.position(now: 1040)) == "idle complete 2/-/2 52.0 0.0")
    }

    @Test func skipWhilePausedMovesThePositionAndStaysPaused() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        try scheduler.send(.pause, at: 1008)
        #expect(try scheduler.send(.skip, at: 1010) == [])
        #expect(describe(scheduler.session.position(now: 1012)) == "paused prepare 1/left/1 20.0 32.0")
        let resumed = try scheduler.send(.resume, at: 1015)
        #expect(resumed == [.playNow(.resume), .play(cues[6], at: 1015), .arm(deadline: 1016.75)])
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...1, origin: 1000) + expected(cues, 6..., origin: 995))
    }

    @Test func skipWhilePausedOnTheLastStepCompletesOnResume() throws {
        var scheduler = Scheduler.started()
        try scheduler.send(.pause, at: 1040)
        #expect(try scheduler.send(.skip, at: 1041) == [])
        #expect(describe(scheduler.session.position(now: 1041)) == "paused complete 2/-/2 52.0 0.0")
        #expect(try scheduler.send(.resume, at: 1050)
            == [.playNow(.resume), .play(scheduler.cues[18], at: 1050), .finish(.completed)])
    }
}

/// A hold whose release is zero-length, so its `release` cue shares an instant with the
/// next step's `begin`: 0 begin@0, 1 hold@0, 2 release@10, 3 begin@10, 4 hold@15, 5 release@20,
/// 6 complete@20.
let sharedInstant = routine(holdStep("A", prepare: 0, hold: 10, countdown: 0, release: 0),
                            holdStep("B", prepare: 5, hold: 5, countdown: 0, release: 0))

@Suite struct SessionJumpThenPauseTests {
    /// Found by the property test: a pause at the instant of a jump must not take back (and
    /// later play) the cue the jump passed over, although it shares the target's instant.
    @Test(arguments: [Command.skip, .back])
    func pauseRightAfterAJumpResumesAtTheTarget(jump: Command) throws {
        var scheduler = Scheduler(sharedInstant, lookahead: 0.25)
        let cues = scheduler.cues
        scheduler.start(at: 1000)
        let at = jump == .skip ? 1004.0 : 1013  // back: 3 s into B, so B again
        try scheduler.send(jump, at: at)
        #expect(scheduler.heard.last.map { "\($0.at) \($0.cue.cue)" } == "\(at) begin")
        try scheduler.send(.pause, at: at)
        let resumed = try scheduler.send(.resume, at: at + 2)
        #expect(resumed == [.playNow(.resume), .play(cues[3], at: at + 2), .arm(deadline: at + 6.75)])
        scheduler.run(until: .infinity)
        #expect(!scheduler.heard.contains { $0.cue == cues[2] && $0.at >= at })
    }
}

@Suite struct SessionBackTests {
    @Test func backMidStepReplaysTheStep() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        let actions = try scheduler.send(.back, at: 1025)
        #expect(actions == [.cancelScheduled(from: 1025), .play(cues[6], at: 1025), .arm(deadline: 1026.75)])
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...7, origin: 1000) + expected(cues, 6..., origin: 1005))
    }

    @Test func backAtTheVeryStartOfAStepGoesToThePreviousStep() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        #expect(try scheduler.send(.back, at: 1021) == [.cancelScheduled(from: 1021), .play(cues[0], at: 1021),
                                                       .arm(deadline: 1025.75)])
        #expect(describe(scheduler.session.position(now: 1021)) == "running prepare 0/-/1 0.0 52.0")
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...6, origin: 1000) + expected(cues, 0..., origin: 1021))
    }

    @Test func backTwoSecondsIntoAStepStaysOnIt() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        // The hold cue at 1022 was handed out at 1021.75 and is cancelled.
        #expect(try scheduler.send(.back, at: 1022) == [.cancelScheduled(from: 1022), .play(cues[6], at: 1022),
                                                       .arm(deadline: 1023.75)])
        #expect(scheduler.heardLines == expected(cues, 0...6, origin: 1000) + ["1022.0 begin"])
    }

    @Test(arguments: [1000.0, 1001, 1010])
    func backOnTheFirstStepRestartsIt(at now: Double) throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        #expect(try scheduler.send(.back, at: now) == [.cancelScheduled(from: now), .play(cues[0], at: now),
                                                      .arm(deadline: now + 4.75)])
        #expect(describe(scheduler.session.position(now: now)) == "running prepare 0/-/1 0.0 52.0")
    }

    @Test func backWhilePausedMovesThePositionAndStaysPaused() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        try scheduler.send(.pause, at: 1025)
        #expect(try scheduler.send(.back, at: 1030) == [])
        #expect(describe(scheduler.session.position(now: 1030)) == "paused prepare 1/left/1 20.0 32.0")
        #expect(try scheduler.send(.resume, at: 1031)
            == [.playNow(.resume), .play(cues[6], at: 1031), .arm(deadline: 1032.75)])
    }

    @Test func backDropsAnExtensionOfTheReplayedStep() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        try scheduler.send(.extend, at: 1007)
        #expect(scheduler.session.position(now: 1007).remaining == 55)
        try scheduler.send(.back, at: 1010)
        #expect(describe(scheduler.session.position(now: 1010)) == "running prepare 0/-/1 0.0 52.0")
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...1, origin: 1000) + expected(cues, 0..., origin: 1010))
    }
}

@Suite struct SessionExtendTests {
    @Test(arguments: [1.0, 0.5])
    func extendInAHoldMovesTheCountdownAndReleaseExactly(timeScale: Double) throws {
        var scheduler = Scheduler(threeSteps, timeScale: timeScale, lookahead: 0.25)
        let cues = scheduler.cues
        scheduler.start(at: 1000)
        let now = 1000 + 7 * timeScale
        scheduler.run(until: now)
        let actions = try scheduler.session.extend(by: 10, now: now)
        scheduler.perform(actions, now: now)
        #expect(actions == [.cancelScheduled(from: now), .arm(deadline: 1000 + 22 * timeScale - 0.25)])
        #expect(scheduler.session.plannedInstant(ofCue: 5) == 1000 + 25 * timeScale)
        #expect(describe(scheduler.session.position(now: 1000 + 15 * timeScale)) == "running hold 0/-/1 15.0 47.0")
        scheduler.run(until: .infinity)
        #expect(scheduler.heard.map(\.cue) == cues)
        #expect(scheduler.heard.map(\.at) == cues[0...1].map { 1000 + $0.offset * timeScale }
            + cues[2...].map { 1000 + ($0.offset + 10) * timeScale })
    }

    @Test func extendLeavesTheHalfwayCueWhereItIs() throws {
        let long = routine(holdStep(prepare: 0, hold: 30, countdown: 3, release: 5))
        var scheduler = Scheduler(long, lookahead: 0.25)
        let cues = scheduler.cues
        #expect(cues.map(\.cue) == [.begin, .hold, .halfway, .tick, .tick, .tick, .release, .complete])
        scheduler.start(at: 1000)
        // The halfway cue was handed out at 1014.75: it is cancelled and handed out again unchanged.
        scheduler.run(until: 1014.875)
        #expect(try scheduler.send(.extend, at: 1014.875)
            == [.cancelScheduled(from: 1014.875), .play(cues[2], at: 1015), .arm(deadline: 1036.75)])
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...2, origin: 1000) + expected(cues, 3..., origin: 1010))
    }

    @Test func extendDuringTheCountdownMovesOnlyTheTicksNotYetSounded() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        scheduler.run(until: 1012.875)
        #expect(try scheduler.send(.extend, at: 1012.875) == [.cancelScheduled(from: 1012.875), .arm(deadline: 1022.75)])
        #expect(describe(scheduler.session.position(now: 1014)) == "running hold 0/-/1 14.0 48.0")
        #expect(describe(scheduler.session.position(now: 1025.5)) == "running release 0/-/1 25.5 36.5")
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...2, origin: 1000) + expected(cues, 3..., origin: 1010))
    }

    @Test func extendTwiceAddsUp() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        try scheduler.send(.extend, at: 1007)
        try scheduler.send(.extend, at: 1020)  // inside the first extension: still the same hold
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...1, origin: 1000) + expected(cues, 2..., origin: 1020))
    }

    @Test func extendAHoldWithoutCountdownMovesItsRelease() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        try scheduler.send(.extend, at: 1023)
        // 1026…1036 is the added time: still the left-side hold, not its release.
        #expect(describe(scheduler.session.position(now: 1030)) == "running hold 1/left/1 30.0 32.0")
        #expect(describe(scheduler.session.position(now: 1036)) == "running release 1/left/1 36.0 26.0")
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...7, origin: 1000) + expected(cues, 8..., origin: 1010))
    }

    @Test(arguments: [
        1002.0,  // prepare
        1015, 1019.5,  // release of the first step
        1020,  // begin of the second step
        1029,  // prepare after switch-side
        1036, 1039, 1042, 1051,  // breathing: prepare, inhale, exhale, release
    ])
    func extendOutsideAHoldIsNotInHold(at now: Double) {
        var scheduler = Scheduler.started()
        scheduler.run(until: now)
        let before = scheduler.session.position(now: now)
        #expect(throws: SessionError.notInHold) { try scheduler.send(.extend, at: now) }
        #expect(scheduler.session.position(now: now) == before)
    }

    @Test func extendInARestIsNotInHold() {
        var scheduler = Scheduler(routine(holdStep(prepare: 1, hold: 2, countdown: 0, release: 1, reps: 2, rest: 5)))
        scheduler.start(at: 0)
        #expect(scheduler.session.position(now: 6).phase == .rest)
        #expect(throws: SessionError.notInHold) { try scheduler.send(.extend, at: 6) }
    }

    @Test(arguments: [0.0, -1, -0.0, .nan, .infinity, -.infinity, 600.5, 1e9, 5e-324, 0.999])
    func extendByInvalidSeconds(seconds: Double) {
        var session = Session(timeline: Timeline(routine: threeSteps))
        _ = session.start(now: 1000)
        #expect(throws: SessionError.invalidSeconds) { try session.extend(by: seconds, now: 1007) }
        #expect(session.position(now: 1007).remaining == 45)
    }

    @Test func extendByTheMaximumIsAccepted() throws {
        var session = Session(timeline: Timeline(routine: threeSteps))
        _ = session.start(now: 1000)
        _ = try session.extend(by: Session.maximumExtension, now: 1007)
        #expect(session.position(now: 1007).remaining == 645)
    }

    @Test func pipelinedExtendsOfOneHoldAddUp() throws {
        // 5000 extends in a row took 28 s of CPU when each one added an entry every later
        // offset had to sum; now they add up in one.
        var session = Session(timeline: Timeline(routine: threeSteps))
        _ = session.start(now: 1000)
        for _ in 0..<5_000 { _ = try session.extend(by: 1, now: 1007) }
        #expect(session.position(now: 1007).remaining == 45 + 5_000)
        #expect(session.position(now: 1007).phase == .hold)
    }

    @Test func extendWhilePausedInAHoldStaysPaused() throws {
        var scheduler = Scheduler.started()
        let cues = scheduler.cues
        try scheduler.send(.pause, at: 1007)
        #expect(try scheduler.send(.extend, at: 1009) == [])
        #expect(describe(scheduler.session.position(now: 1009)) == "paused hold 0/-/1 7.0 55.0")
        try scheduler.send(.resume, at: 1011)
        scheduler.run(until: .infinity)
        #expect(scheduler.heardLines == expected(cues, 0...1, origin: 1000) + expected(cues, 2..., origin: 1014))
    }

    @Test func extendWhenNotRunning() {
        var session = Session(timeline: Timeline(routine: threeSteps))
        #expect(throws: SessionError.notRunning) { try session.extend(by: 10, now: 1) }
        // Not running wins over invalid seconds: there is nothing to extend.
        #expect(throws: SessionError.notRunning) { try session.extend(by: -1, now: 1) }
    }
}

@Suite struct SessionStopTests {
    @Test func stopEndsTheSessionAsStopped() throws {
        var scheduler = Scheduler.started()
        #expect(try scheduler.send(.stop, at: 1010) == [.cancelScheduled(from: 1010), .playNow(.stop), .finish(.stopped)])
        #expect(scheduler.outcome == .stopped)
        #expect(scheduler.session.outcome == .stopped)
        #expect(scheduler.deadline == nil)
        #expect(describe(scheduler.session.position(now: 2000)) == "idle hold 0/-/1 10.0 42.0")
        #expect(scheduler.session.advance(now: 2000) == [])
        #expect(scheduler.session.start(now: 2000) == [])
    }

    @Test func stopWhilePaused() throws {
        var scheduler = Scheduler.started()
        try scheduler.send(.pause, at: 1010)
        #expect(try scheduler.send(.stop, at: 1020) == [.cancelScheduled(from: 1020), .playNow(.stop), .finish(.stopped)])
        #expect(describe(scheduler.session.position(now: 2000)) == "idle hold 0/-/1 10.0 42.0")
    }

    @Test(arguments: Command.allCases)
    func everyCommandBeforeStartIsNotRunning(command: Command) {
        var session = Session(timeline: Timeline(routine: threeSteps))
        #expect(throws: SessionError.notRunning) { try command.apply(to: &session, now: 1) }
    }

    @Test(arguments: Command.allCases)
    func everyCommandAfterCompletionIsNotRunning(command: Command) {
        var scheduler = Scheduler(threeSteps)
        scheduler.start(at: 1000)
        scheduler.run(until: .infinity)
        #expect(scheduler.outcome == .completed)
        #expect(throws: SessionError.notRunning) { try scheduler.send(command, at: 1100) }
    }

    @Test(arguments: Command.allCases)
    func everyCommandAfterStopIsNotRunning(command: Command) throws {
        var scheduler = Scheduler(threeSteps)
        scheduler.start(at: 1000)
        try scheduler.send(.stop, at: 1001)
        #expect(throws: SessionError.notRunning) { try scheduler.send(command, at: 1002) }
        #expect(scheduler.session.outcome == .stopped)
    }

    @Test func errorsTellWhatToDo() {
        let errors: [SessionError] = [.notRunning, .notPaused, .alreadyPaused, .notInHold, .invalidSeconds]
        let messages = errors.map(\.description)
        #expect(Set(messages).count == errors.count)
        #expect(messages[0].contains("relief-ctl start"))
        #expect(messages[4].contains("600"))
    }
}

@Suite struct SessionPositionTests {
    @Test(arguments: [
        (1000.0, "running prepare 0/-/1 0.0 52.0"),
        (1004.5, "running prepare 0/-/1 4.5 47.5"),
        (1005, "running hold 0/-/1 5.0 47.0"),
        (1013.5, "running hold 0/-/1 13.5 38.5"),
        (1015, "running release 0/-/1 15.0 37.0"),
        (1020, "running prepare 1/left/1 20.0 32.0"),
        (1023, "running hold 1/left/1 23.0 29.0"),
        (1026, "running release 1/left/1 26.0 26.0"),
        (1028, "running prepare 1/right/1 28.0 24.0"),
        (1031, "running hold 1/right/1 31.0 21.0"),
        (1035, "running release 1/right/1 35.0 17.0"),
        (1036, "running prepare 2/-/1 36.0 16.0"),
        (1038, "running inhale 2/-/1 38.0 14.0"),
        (1042, "running exhale 2/-/1 42.0 10.0"),
        (1044, "running inhale 2/-/2 44.0 8.0"),
        (1048, "running exhale 2/-/2 48.0 4.0"),
        (1051, "running release 2/-/2 51.0 1.0"),
        (1052, "running complete 2/-/2 52.0 0.0"),  // until `advance` finishes it
        (1060, "running complete 2/-/2 52.0 0.0"),
    ])
    func positionWhileRunning(now: Double, expected: String) {
        var session = Session(timeline: Timeline(routine: threeSteps))
        _ = session.start(now: 1000)
        #expect(describe(session.position(now: now)) == expected)
    }

    @Test func positionAtTimeScaleCountsRoutineSeconds() {
        var session = Session(timeline: Timeline(routine: threeSteps), timeScale: 0.5)
        _ = session.start(now: 1000)
        #expect(describe(session.position(now: 1011)) == "running hold 1/left/1 22.0 30.0")
        #expect(describe(session.position(now: 1002.5)) == "running hold 0/-/1 5.0 47.0")
    }

    @Test func positionInARest() {
        var session = Session(timeline: Timeline(routine: routine(
            holdStep("Reach", prepare: 1, hold: 2, countdown: 0, release: 1, reps: 2, rest: 5, sides: ["left", "right"]))))
        _ = session.start(now: 0)
        #expect(describe(session.position(now: 9)) == "running rest 0/-/1 9.0 12.0")
        #expect(session.position(now: 9).stepName == "Reach")
        #expect(describe(session.position(now: 13)) == "running prepare 0/left/2 13.0 8.0")
    }

    @Test func positionInABreathPause() {
        var session = Session(timeline: Timeline(routine: routine(breathStep(pause: 2))))
        _ = session.start(now: 0)
        #expect(describe(session.position(now: 14)) == "running breath-pause 0/-/1 14.0 18.0")
    }
}
