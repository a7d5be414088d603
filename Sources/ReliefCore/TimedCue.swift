@_exported import ReliefCue

/// The part of a step a person is in; a cue opens a phase.
public enum Phase: String, Sendable, Codable, Hashable {
    case prepare, hold, release, rest
    /// Keep moving (a `move` step), opened by the `move` cue.
    case move
    case inhale, exhale
    /// The optional pause between breaths (`pause` in a routine file).
    case breathPause = "breath-pause"
    case complete
}

/// One cue of a compiled timeline: what sounds, when, and where in the routine it belongs.
public struct TimedCue: Sendable, Equatable, Hashable {
    /// Seconds from the session's start at time scale 1.
    public var offset: Double
    public var cue: Cue
    /// Index into the routine's steps.
    public var stepIndex: Int
    /// Side being worked (`"left"`, `"right"`, …) or nil for one-sided steps.
    public var side: String?
    /// Repetition (or breath) number, starting at 1.
    public var rep: Int
    /// The phase this cue opens (a `tick` or `halfway` keeps the current phase).
    public var phase: Phase
}
