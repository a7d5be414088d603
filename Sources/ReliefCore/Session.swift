/// How a session ended.
public enum Outcome: String, Sendable, Codable {
    case completed, stopped, interrupted
}

/// What the caller must do after telling the session something. The session never reads
/// a clock or touches a device; the daemon's scheduler performs these actions.
public enum SessionAction: Sendable, Equatable {
    /// Hand `cue` to the audio stream so that it starts sounding at monotonic instant `at`.
    case play(TimedCue, at: Double)
    /// Play a control cue (`pause`, `resume`, `stop`) right away.
    case playNow(Cue)
    /// Drop every cue already handed to the stream that would start at or after `from`
    /// (pause, skip, back and extend re-plan the rest of the timeline).
    case cancelScheduled(from: Double)
    /// Call `advance(now:)` again at this monotonic instant.
    case arm(deadline: Double)
    /// The session is over.
    case finish(Outcome)
}

/// Why a command did not apply; the session is unchanged.
public enum SessionError: Error, Sendable, Equatable {
    case notRunning, notPaused, alreadyPaused, notInHold, invalidSeconds
}

/// Where a session stands, for `status` and events.
public struct SessionPosition: Sendable, Equatable {
    public enum State: String, Sendable, Codable { case idle, running, paused }
    public var state: State
    public var stepIndex: Int
    public var stepName: String
    public var phase: Phase
    public var side: String?
    public var rep: Int
    /// Seconds (time scale 1) of routine time done and still to go.
    public var elapsed: Double
    public var remaining: Double

    public init(state: State, stepIndex: Int, stepName: String, phase: Phase, side: String?,
                rep: Int, elapsed: Double, remaining: Double) {
        self.state = state
        self.stepIndex = stepIndex
        self.stepName = stepName
        self.phase = phase
        self.side = side
        self.rep = rep
        self.elapsed = elapsed
        self.remaining = remaining
    }
}

/// The state machine of one session over a timeline.
///
/// Every method takes `now` (monotonic seconds) as a value and returns the actions to perform.
/// Cue instants are `origin + offset × timeScale`, where pauses, skips and extensions move
/// the rest of the timeline exactly, so nothing drifts.
public struct Session: Sendable {
    public let timeline: Timeline
    public let timeScale: Double
    /// Cues are handed to the audio stream this many seconds before they sound.
    public let lookahead: Double

    public init(timeline: Timeline, timeScale: Double = 1, lookahead: Double = 0.05) {
        self.timeline = timeline
        self.timeScale = timeScale
        self.lookahead = lookahead
    }

    // PLACEHOLDER bodies — replaced by the session state machine (issue 2, item 5).
    public mutating func start(now: Double) -> [SessionAction] { [] }
    public mutating func advance(now: Double) -> [SessionAction] { [] }
    public mutating func pause(now: Double) throws(SessionError) -> [SessionAction] { [] }
    public mutating func resume(now: Double) throws(SessionError) -> [SessionAction] { [] }
    public mutating func toggle(now: Double) throws(SessionError) -> [SessionAction] { [] }
    public mutating func skip(now: Double) throws(SessionError) -> [SessionAction] { [] }
    public mutating func back(now: Double) throws(SessionError) -> [SessionAction] { [] }
    public mutating func extend(by seconds: Double, now: Double) throws(SessionError) -> [SessionAction] { [] }
    public mutating func stop(now: Double) -> [SessionAction] { [] }
    public func position(now: Double) -> SessionPosition {
        SessionPosition(state: .idle, stepIndex: 0, stepName: "", phase: .prepare, side: nil, rep: 1, elapsed: 0, remaining: 0)
    }
}
