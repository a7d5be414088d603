import ReliefCore
import ReliefProtocol
import Testing
@testable import ReliefDaemon

/// The warning window and the snooze as a value: each step is told `now` and answers with
/// what the scheduler must do; no clock, no timers.
struct BreakWindowTests {
    let entry = CatalogRoutine(routine: Routine(name: "reach", title: "Reach", summary: "Reach up.", steps: [
        Step(name: "Reach", how: "Reach up.", prepare: 2, action: .hold(seconds: 5, countdown: 0), release: 2),
    ]), origin: .builtin, cautions: [])

    @Test func aWarningArmsTheBeginAndTheBeginStartsTheSession() {
        var window = BreakWindow()
        let actions = window.warn(entry, now: 100, lead: 0.02, window: 10, wallOffset: 1_000)
        #expect(actions == [.warn(entry, at: 100.02, beginsAt: 110.02), .armBegin(110.02)])
        #expect(window.pending == BreakWindow.Pending(entry: entry, beginsAt: 110.02, beginsUnix: 1_110.02))
        // A second scheduled start while one waits changes nothing.
        let second = window.warn(entry, now: 101, lead: 0.02, window: 10, wallOffset: 1_000)
        #expect(second.isEmpty)
        let elapsed = window.warningElapsed()
        #expect(elapsed == [.armBegin(nil), .begin(entry)])
        #expect(window.pending == nil)
        let late = window.warningElapsed()
        #expect(late.isEmpty)  // a late wake-up after the begin does nothing
    }

    @Test func cancellingCallsTheBreakOffOnlyInsideItsWindow() {
        var window = BreakWindow()
        let nothing = window.cancel()
        #expect(nothing.isEmpty)
        _ = window.warn(entry, now: 0, lead: 0, window: 10, wallOffset: 0)
        let cancelled = window.cancel()
        #expect(cancelled == [.armBegin(nil), .cancelled(entry)])
        #expect(window.pending == nil)
        let again = window.cancel()
        #expect(again.isEmpty)
    }

    @Test func aSnoozeCancelsTheWaitingBreakAndEndsAtItsInstant() {
        var window = BreakWindow()
        _ = window.warn(entry, now: 0, lead: 0, window: 10, wallOffset: 0)
        let actions = window.snooze(seconds: 60, now: 5, wallOffset: 1_000)
        #expect(actions == [.armBegin(nil), .cancelled(entry), .armSnoozeEnd(65)])
        #expect(window.snooze == BreakWindow.Snooze(until: 65, untilUnix: 1_065))
        #expect(window.isSnoozed(now: 64.9))
        #expect(!window.isSnoozed(now: 65))
        // The wake-up may come a hair early: the state is published at the snooze's end.
        let publishAt = window.snoozeEnded(now: 64.999)
        #expect(publishAt == 65)
        #expect(window.snooze == nil)
        let none = window.snoozeEnded(now: 66)
        #expect(none == nil)
    }

    @Test func snoozeZeroTurnsTheSnoozeOff() {
        var window = BreakWindow()
        _ = window.snooze(seconds: 60, now: 0, wallOffset: 0)
        let off = window.snooze(seconds: 0, now: 1, wallOffset: 0)
        #expect(off == [.armSnoozeEnd(nil)])
        #expect(!window.isSnoozed(now: 1))
    }
}
