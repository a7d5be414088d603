import ReliefDaemon
import Testing
@testable import ReliefContext

/// logind's and Mutter's answers combined, with time values.
@Suite struct PresenceReadingTests {
    @Test func nothingKnownIsNoPresence() {
        #expect(PresenceReading().presence(now: 100) == nil)
    }

    @Test func lockedAndActive() {
        #expect(PresenceReading(locked: true, idleHint: false).presence(now: 100) == Presence(locked: true))
    }

    @Test func logindIdleSinceItsMonotonicHint() {
        let reading = PresenceReading(locked: false, idleHint: true, idleSinceMonotonicMicros: 40_000_000)
        #expect(reading.presence(now: 100) == Presence(idleSince: 40))
        // A hint without an instant counts from now; a hint from the future (another clock) too.
        #expect(PresenceReading(idleHint: true, idleSinceMonotonicMicros: 0).presence(now: 100) == Presence(idleSince: 100))
        #expect(PresenceReading(idleHint: true, idleSinceMonotonicMicros: 500_000_000).presence(now: 100) == Presence(idleSince: 100))
        // IdleSinceHint is ignored while IdleHint is false.
        #expect(PresenceReading(idleHint: false, idleSinceMonotonicMicros: 40_000_000).presence(now: 100) == Presence())
    }

    @Test func mutterIdletimeCountsBack() {
        #expect(PresenceReading(mutterIdleMilliseconds: 400_000).presence(now: 1000) == Presence(idleSince: 600))
        #expect(PresenceReading(mutterIdleMilliseconds: 300).presence(now: 1000) == Presence())
    }

    @Test func mutterIdleWatchGivesTheInstant() {
        var reading = PresenceReading()
        reading.mutterIdleSince = 700
        #expect(reading.presence(now: 1000) == Presence(idleSince: 700))
    }

    @Test func theEarlierIdleInstantWins() {
        let reading = PresenceReading(locked: false, idleHint: true, idleSinceMonotonicMicros: 900_000_000,
                                      mutterIdleMilliseconds: 400_000)
        #expect(reading.presence(now: 1000) == Presence(idleSince: 600))
    }
}
