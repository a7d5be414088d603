import ReliefProtocol
import Testing
@testable import ReliefDaemon

/// What subscribers hear: an end only after the session's last cue sounded, a cancelled cue
/// never, and a state only when something a person would notice changed.
struct EventFeedTests {
    @Test func anEndWaitsForTheLastCueOfItsSession() {
        var feed = EventFeed()
        feed.sessionBegan(1)
        feed.handedOut(10, at: 5, token: 1)
        feed.handedOut(11, at: 6, token: 1)
        let end = SessionEnd(routine: "reach", outcome: "completed")
        feed.ended(end, token: 1)
        #expect(feed.lastUnsounded(1) == 6)
        let heldEnd = feed.releasedEnd(1)
        #expect(heldEnd == nil)
        let firstSounded = feed.sounded(10, token: 1)
        #expect(firstSounded)
        let stillHeld = feed.releasedEnd(1)
        #expect(stillHeld == nil)
        let lastSounded = feed.sounded(11, token: 1)
        #expect(lastSounded)
        let released = feed.releasedEnd(1)
        #expect(released == .end(end))
        let again = feed.releasedEnd(1)
        #expect(again == nil)  // only once
    }

    @Test func cancelledCuesNeverSoundAndNeverHoldTheEnd() {
        var feed = EventFeed()
        feed.sessionBegan(2)
        feed.handedOut(1, at: 1, token: 2)
        feed.handedOut(2, at: 3, token: 2)
        feed.cancelled(from: 2, token: 2)
        let cancelledSounded = feed.sounded(2, token: 2)
        #expect(!cancelledSounded)
        feed.ended(SessionEnd(routine: "r", outcome: "stopped"), token: 2)
        let held = feed.releasedEnd(2)
        #expect(held == nil)  // cue 1 is still to sound
        feed.stopWaiting(for: 2)              // the player never reported it
        let released = feed.releasedEnd(2)
        #expect(released == .end(SessionEnd(routine: "r", outcome: "stopped")))
    }

    @Test func aStateIsPublishedOnlyWhenMoreThanTheClockChanged() {
        var feed = EventFeed()
        var status = Status(state: "idle", routine: nil, title: nil, step: nil, elapsed: 0, remaining: 0, duration: 0,
                            pending: nil, snooze: nil, audio: Status.Audio(device: "d", ok: true, error: nil),
                            timeScale: 1)
        let first = feed.state(status)
        #expect(first == .state(status))
        let same = feed.state(status)
        #expect(same == nil)
        status.snooze = Status.Snooze(untilUnix: 100, remaining: 60)
        let snoozed = feed.state(status)
        #expect(snoozed == .state(status))
        status.snooze = Status.Snooze(untilUnix: 100, remaining: 59)  // only its countdown moved
        let countdownOnly = feed.state(status)
        #expect(countdownOnly == nil)
    }
}
