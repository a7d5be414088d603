import Testing
@testable import ReliefCore

/// The phase countdown a session reports (`phase_remaining` in STATUS) and the next phase
/// boundary the daemon arms a timer for when no cue marks it.
@Suite struct SessionPhaseTests {
    /// Wall slide: prepare 0–5, hold 5–15, release 15–20, then Shoulder roll.
    @Test func phaseRemainingCountsDownTheCurrentPhase() {
        let scheduler = Scheduler.started()
        let session = scheduler.session
        #expect(session.position(now: 1000).phaseRemaining == 5)
        #expect(session.position(now: 1002).phaseRemaining == 3)
        #expect(session.position(now: 1007).phase == .hold)
        #expect(session.position(now: 1007).phaseRemaining == 8)
        #expect(session.position(now: 1016).phase == .release)
        #expect(session.position(now: 1016).phaseRemaining == 4)
    }

    @Test func phaseRemainingIsFrozenWhilePausedAndCountsOnAfterResume() throws {
        var scheduler = Scheduler.started()
        scheduler.run(until: 1007)
        _ = try scheduler.session.pause(now: 1007)
        #expect(scheduler.session.position(now: 1050).state == .paused)
        #expect(scheduler.session.position(now: 1050).phaseRemaining == 8)
        _ = try scheduler.session.resume(now: 1050)
        #expect(scheduler.session.position(now: 1051).phaseRemaining == 7)
    }

    @Test func extendingAHoldLengthensItsCountdown() throws {
        var scheduler = Scheduler.started()
        scheduler.run(until: 1007)
        let total = scheduler.session.position(now: 1007).remaining
        _ = try scheduler.session.extend(by: 10, now: 1007)
        #expect(scheduler.session.position(now: 1007).phaseRemaining == 18)
        #expect(scheduler.session.position(now: 1007).remaining == total + 10)
    }

    @Test func phaseRemainingIsInRoutineSecondsAtAnyTimeScale() {
        var scheduler = Scheduler(threeSteps, timeScale: 0.5)
        scheduler.start(at: 1000)
        // One real second is two routine seconds: 3 of the 5-second prepare are left.
        #expect(scheduler.session.position(now: 1001).phaseRemaining == 3)
    }

    @Test func phaseChangeSaysWhenThePhaseEndsAndWhetherACueMarksIt() throws {
        let cued = Scheduler.started().session.phaseChange(after: 1002)
        #expect(cued == PhaseChange(instant: 1005, hasCue: true))  // the hold cue

        // A rest between reps opens without a cue: the daemon must announce it itself.
        let withRest = routine(holdStep("Row", prepare: 2, hold: 4, countdown: 0, release: 2, reps: 2, rest: 3))
        var scheduler = Scheduler(withRest, lookahead: 0.25)
        scheduler.start(at: 1000)
        #expect(scheduler.session.position(now: 1007).phase == .release)
        let intoRest = try #require(scheduler.session.phaseChange(after: 1007))
        #expect(intoRest.instant == 1008)
        #expect(!intoRest.hasCue)
        #expect(scheduler.session.position(now: 1009).phase == .rest)
        #expect(scheduler.session.position(now: 1009).phaseRemaining == 2)
    }

    @Test func noPhaseChangeWhilePausedOrOnceComplete() throws {
        var scheduler = Scheduler.started()
        _ = try scheduler.session.pause(now: 1002)
        #expect(scheduler.session.phaseChange(after: 1003) == nil)
        var finished = Scheduler.started()
        finished.run(until: 1060)
        #expect(finished.session.phaseChange(after: 1060) == nil)
        #expect(finished.session.position(now: 1060).phaseRemaining == 0)
    }
}
