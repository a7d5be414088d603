/// A routine compiled into the ordered list of cues a session plays.
///
/// Pure and deterministic: the same routine always gives the same timeline, and its
/// total duration is known before the session starts.
public struct Timeline: Sendable, Equatable {
    public let routine: Routine
    /// Every cue in time order; the last one is `complete`.
    public let cues: [TimedCue]
    /// Seconds (time scale 1) from the start to the `complete` cue.
    public let duration: Double
    /// Offset of each step's `begin` cue, by step index.
    public let stepStarts: [Double]

    /// Compiles `routine` following SPEC "Routines".
    public init(routine: Routine) {
        // PLACEHOLDER — replaced by the timeline compiler (issue 2, item 4).
        self.routine = routine
        self.cues = [TimedCue(offset: 0, cue: .complete, stepIndex: 0, side: nil, rep: 1, phase: .complete)]
        self.duration = 0
        self.stepStarts = routine.steps.map { _ in 0 }
    }
}
