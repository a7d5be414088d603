import ReliefCore
import ReliefVoice

/// What identifies a session for its cues' callbacks, which may arrive after it ended.
final class SessionContext: Sendable {
    let token: Int
    let entry: CatalogRoutine
    /// Wall-clock minus monotonic seconds, sampled once at the session's start.
    let wallOffset: Double

    init(token: Int, entry: CatalogRoutine, wallOffset: Double) {
        self.token = token
        self.entry = entry
        self.wallOffset = wallOffset
    }
}

/// The running session and what the scheduler keeps beside it.
struct RunningSession {
    let context: SessionContext
    var session: Session
    let historyID: String
    /// The one timer, re-armed at each deadline the session asks for.
    let timer: any WakeTimer
    /// Armed at the next phase change no cue marks (into a rest or a breathing pause).
    let phaseTimer: any WakeTimer
    /// The session's spoken guidance; nil when voice is off.
    let speech: SpokenGuide?
    /// Whether it opens with the safety briefing (the first session ever).
    let briefing: Bool
    /// Where `phaseTimer` is armed, or nil when it is not.
    var silentPhaseAt: Double?
    /// The step the last progress line recorded (the first step needs none).
    var recordedStep = 0
}
