import ReliefProtocol

/// What subscribers hear and when, as a value the scheduler keeps on its queue: which cues
/// were handed to the player and have not sounded yet, the end events held back until a
/// session's last cues have sounded, and the last state published (a state event goes out
/// only when something a person would notice changed, not the clock).
///
/// Sessions are told apart by their token: cues of a session that ended may still sound.
struct EventFeed {
    /// Cues handed to the player whose onset has not been reported yet, by session token.
    private var unsounded: [Int: [UInt64: Double]] = [:]
    /// End events held back until the session's last cues have sounded, by session token.
    private var heldEnds: [Int: SessionEnd] = [:]
    private var lastState: StateSignature?

    mutating func sessionBegan(_ token: Int) { unsounded[token] = [:] }

    /// Cue `id` of session `token` was handed to the player to sound at `instant`.
    mutating func handedOut(_ id: UInt64, at instant: Double, token: Int) {
        unsounded[token, default: [:]][id] = instant
    }

    /// The player dropped what it had from `instant` on: those cues will never sound.
    mutating func cancelled(from instant: Double, token: Int) {
        unsounded[token] = unsounded[token]?.filter { $0.value < instant }
    }

    /// Cue `id` sounded; false when it had been cancelled meanwhile (nothing to publish).
    mutating func sounded(_ id: UInt64, token: Int) -> Bool {
        unsounded[token]?.removeValue(forKey: id) != nil
    }

    /// Session `token` ended: its end event waits for its last cues.
    mutating func ended(_ end: SessionEnd, token: Int) { heldEnds[token] = end }

    /// The instant of session `token`'s last cue still to sound, if any.
    func lastUnsounded(_ token: Int) -> Double? { unsounded[token]?.values.max() }

    /// A player that never reports an onset must not hold the end event back for ever.
    mutating func stopWaiting(for token: Int) { unsounded[token] = [:] }

    /// Session `token`'s end event, once nothing of it is left to sound (then only once).
    mutating func releasedEnd(_ token: Int) -> Event? {
        guard let end = heldEnds[token], unsounded[token]?.isEmpty ?? true else { return nil }
        heldEnds[token] = nil
        unsounded[token] = nil
        return .end(end)
    }

    /// The state event for `status`, or nil when nothing a person would notice changed.
    mutating func state(_ status: Status) -> Event? {
        let signature = StateSignature(status)
        guard signature != lastState else { return nil }
        lastState = signature
        return .state(status)
    }
}

/// The parts of a status whose change is worth an event: everything but the running clocks.
private struct StateSignature: Equatable {
    let state: String
    let routine: String?
    let step: Status.StepPosition?
    let pending: Status.Pending?
    let snoozeUntil: Double?
    let audio: Status.Audio
    let pausedFor: String?
    let deferred: Status.Deferred?
    let checks: [String]
    let media: Status.Media?
    /// Elapsed plus remaining: constant while a session runs, changed by `extend`, so an
    /// extension (which moves every countdown) is an event.
    let total: Double

    init(_ status: Status) {
        total = ((status.elapsed + status.remaining) * 1000).rounded()
        state = status.state
        routine = status.routine
        // The phase's countdown is a running clock too.
        step = status.step.map { step in
            var step = step
            step.phaseRemaining = 0
            return step
        }
        pending = status.pending
        snoozeUntil = status.snooze?.untilUnix
        audio = status.audio
        pausedFor = status.pausedFor
        deferred = status.deferred
        checks = status.checks
        media = status.media
    }
}
