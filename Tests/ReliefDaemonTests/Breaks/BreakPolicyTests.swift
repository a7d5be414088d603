import Testing
@testable import ReliefDaemon

/// The break policy with time values only: which scheduled start is skipped and why, the
/// break deferred past a call, natural breaks.
@Suite struct BreakPolicyTests {
    let length = 120.0  // a two-minute break routine

    @Test func nothingObservedStartsTheBreak() {
        var policy = BreakPolicy()
        let r1 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r1 == .start)
    }

    @Test func busyAndSnoozedComeFirst() {
        var policy = BreakPolicy()
        _ = policy.observeCall(true, now: 10)
        let r2 = policy.scheduledStart(routine: nil, length: length, busy: true, snoozed: true, now: 20)
        #expect(r2 == .skip(.busy))
        let r3 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: true, now: 20)
        #expect(r3 == .skip(.snoozed))
        #expect(policy.deferred == nil)
    }

    @Test func aCallDefersTheBreakUntilItHasBeenOverAfterCallSeconds() {
        var policy = BreakPolicy(settings: .init(afterCallSeconds: 120))
        _ = policy.observeCall(true, now: 100)
        let r4 = policy.scheduledStart(routine: "neck-rolls", length: length, busy: false, snoozed: false, now: 1200)
        #expect(r4 == .skip(.inCall))
        #expect(policy.deferred == .init(routine: "neck-rolls", startsAt: nil))
        // Still in the call: nothing is due.
        let r5 = policy.deferredDue(busy: false, snoozed: false, now: 5000)
        #expect(r5 == nil)
        let r6 = policy.observeCall(false, now: 1500)
        #expect(r6 == 1620)
        let r7 = policy.deferredDue(busy: false, snoozed: false, now: 1619)
        #expect(r7 == nil)
        let due = policy.deferredDue(busy: false, snoozed: false, now: 1620)
        #expect(due?.routine == "neck-rolls")
        #expect(due?.verdict == .start)
        #expect(policy.deferred == nil)
    }

    @Test func aNewCallBeforeTheDeferredBreakPutsItBackToWaiting() {
        var policy = BreakPolicy(settings: .init(afterCallSeconds: 60))
        _ = policy.observeCall(true, now: 0)
        _ = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 10)
        let r8 = policy.observeCall(false, now: 20)
        #expect(r8 == 80)
        let r9 = policy.observeCall(true, now: 50)
        #expect(r9 == nil)
        #expect(policy.deferred?.startsAt == nil)
        let r10 = policy.deferredDue(busy: false, snoozed: false, now: 80)
        #expect(r10 == nil)
        let r11 = policy.observeCall(false, now: 100)
        #expect(r11 == 160)
    }

    @Test func theNextTimerBreakSupersedesTheDeferredOne() {
        var policy = BreakPolicy()
        _ = policy.observeCall(true, now: 0)
        _ = policy.scheduledStart(routine: "a", length: length, busy: false, snoozed: false, now: 10)
        _ = policy.observeCall(false, now: 20)
        let r12 = policy.scheduledStart(routine: "b", length: length, busy: false, snoozed: false, now: 30)
        #expect(r12 == .start)
        #expect(policy.deferred == nil)
        let r13 = policy.deferredDue(busy: false, snoozed: false, now: 1000)
        #expect(r13 == nil)
    }

    @Test func stopOrSnoozeCancelTheDeferredBreak() {
        var policy = BreakPolicy()
        _ = policy.observeCall(true, now: 0)
        _ = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 10)
        let r14 = policy.cancelDeferred()
        #expect(r14)
        let r15 = policy.cancelDeferred()
        #expect(!r15)
        let r16 = policy.observeCall(false, now: 20)
        #expect(r16 == nil)
    }

    @Test func aDeferredBreakDueWhileAwayOrBusyIsDropped() {
        var policy = BreakPolicy(settings: .init(afterCallSeconds: 10))
        _ = policy.observeCall(true, now: 0)
        _ = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1)
        _ = policy.observeCall(false, now: 2)
        policy.observe(Presence(locked: true), now: 5)
        let r17 = policy.deferredDue(busy: false, snoozed: false, now: 12)
        #expect(r17?.verdict == .skip(.away))
        #expect(policy.deferred == nil)

        _ = policy.observeCall(true, now: 20)
        _ = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 21)
        _ = policy.observeCall(false, now: 22)
        let r18 = policy.deferredDue(busy: true, snoozed: false, now: 40)
        #expect(r18?.verdict == .skip(.busy))
    }

    @Test func callCheckOffNeverDefers() {
        var policy = BreakPolicy(settings: .init(skipInCall: false))
        _ = policy.observeCall(true, now: 0)
        let r19 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 10)
        #expect(r19 == .start)
        #expect(policy.deferred == nil)
    }

    @Test func lockedIsAway() {
        var policy = BreakPolicy()
        policy.observe(Presence(locked: true), now: 1190)
        let r20 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r20 == .skip(.away))
    }

    @Test func idleForAwayMinutesIsAwayButShorterIsNot() {
        var policy = BreakPolicy(settings: .init(naturalBreaks: false, awaySeconds: 300))
        policy.observe(Presence(idleSince: 1000), now: 1200)
        let r21 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r21 == .start)
        let r22 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1300)
        #expect(r22 == .skip(.away))
    }

    @Test func awayCheckOffStartsTheBreak() {
        var policy = BreakPolicy(settings: .init(skipWhenAway: false, naturalBreaks: false))
        policy.observe(Presence(locked: true), now: 10)
        let r23 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r23 == .start)
    }

    @Test func aRestAsLongAsTheBreakIsANaturalBreak() {
        var policy = BreakPolicy()
        // Idle from 300 to 450 (150 s ≥ the 120 s break), back at the desk at 450.
        policy.observe(Presence(idleSince: 300), now: 400)
        policy.observe(Presence(), now: 450)
        #expect(policy.rest(now: 1200) == 150)
        let r24 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r24 == .skip(.rested))
        // Counted: the next break is due again.
        #expect(policy.lastBreak == 1200)
        let r25 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 2400)
        #expect(r25 == .start)
    }

    @Test func aShorterRestIsNoBreak() {
        var policy = BreakPolicy()
        policy.observe(Presence(locked: true), now: 300)
        policy.observe(Presence(), now: 400)
        let r26 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r26 == .start)
    }

    @Test func beforeAnyBreakAWholeRestCounts() {
        // The daemon was started by the timer's own call while the person had been idle.
        var policy = BreakPolicy()
        policy.observe(Presence(idleSince: 800), now: 1000)
        let verdict = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1000)
        #expect(verdict == .skip(.rested))
    }

    @Test func onlyTheRestAfterTheLastBreakCounts() {
        var policy = BreakPolicy()
        policy.observe(Presence(idleSince: 100), now: 100)
        policy.breakTaken(now: 150)  // a session ended meanwhile
        policy.observe(Presence(), now: 200)
        #expect(policy.rest(now: 1200) == 50)
        let r27 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r27 == .start)
    }

    @Test func anOngoingRestShorterThanAwayIsStillANaturalBreak() {
        // Idle 3 minutes (not yet away at 5) with a 2-minute break: rested.
        var policy = BreakPolicy()
        policy.observe(Presence(idleSince: 1020), now: 1200)
        let r28 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r28 == .skip(.rested))
    }

    @Test func naturalBreaksOffNeverRest() {
        var policy = BreakPolicy(settings: .init(naturalBreaks: false))
        policy.observe(Presence(idleSince: 100), now: 100)
        policy.observe(Presence(), now: 1000)
        let r29 = policy.scheduledStart(routine: nil, length: length, busy: false, snoozed: false, now: 1200)
        #expect(r29 == .start)
    }

    @Test func lockingWhileIdleKeepsTheEarlierStart() {
        var policy = BreakPolicy()
        policy.observe(Presence(idleSince: 500), now: 600)
        policy.observe(Presence(locked: true), now: 700)
        #expect(policy.restSince == 500)
    }
}
