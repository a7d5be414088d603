import ReliefCore
import ReliefProtocol

/// What a person does to the running session (relief-ctl, media keys): each told to the
/// `Session`, whose actions the scheduler performs.
extension Scheduler {
    /// Pauses the session (no change when already paused).
    public func pause() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.pause(now: now) } }
    /// Resumes the session (no change when not paused).
    public func resume() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.resume(now: now) } }
    /// Pauses or resumes the session.
    public func toggle() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.toggle(now: now) } }
    /// Jumps to the next step.
    public func skip() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.skip(now: now) } }
    /// Goes back a step.
    public func back() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.back(now: now) } }
    /// Lengthens the current hold by `seconds` (time scale 1).
    public func extend(by seconds: Double) throws(ProtocolError) -> Status {
        try control { session, now throws(SessionError) in try session.extend(by: seconds, now: now) }
    }

    /// Tells the running session a person's command; where it already is, the status is the answer.
    private func control(_ command: (inout Session, Double) throws(SessionError) -> [SessionAction]) throws(ProtocolError) -> Status {
        try onQueue { () throws(CommandError) in
            guard running != nil else { throw .notRunning }
            let now = clock.now()
            let before = running!.session.position(now: now)
            let actions: [SessionAction]
            do throws(SessionError) {
                actions = try command(&running!.session, now)
            } catch .alreadyPaused, .notPaused {
                return currentStatus(now: now)  // already where the client wants it: not an error
            } catch {
                throw .session(error, phase: before.phase)
            }
            perform(actions, before: before)
            // The person has taken over: whatever paused it, it is now their pause (or none).
            pausedFor = nil
            publishState(now: now)
            return currentStatus(now: now)
        }
    }
}
