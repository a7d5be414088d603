/// A routine: a named sequence of steps, loaded from `NAME.toml` or built in.
public struct Routine: Sendable, Equatable {
    /// File base name; matches `[a-z0-9][a-z0-9-]*`.
    public var name: String
    public var title: String
    public var summary: String
    /// Routine-specific cautions; `allCautions` adds the general safety notes from the seeds.
    public var cautions: [String]
    public var steps: [Step]

    public init(name: String, title: String, summary: String, cautions: [String] = [], steps: [Step]) {
        self.name = name
        self.title = title
        self.summary = summary
        self.cautions = cautions
        self.steps = steps
    }
}

/// One exercise of a routine. Times are seconds at time scale 1.
public struct Step: Sendable, Equatable {
    public var name: String
    /// One or two sentences a person can follow with eyes closed.
    public var how: String
    /// From the begin cue to the hold (or first inhale) cue: getting into position.
    public var prepare: Double
    /// What the person does once in position.
    public var action: Action
    /// Time to come out of the position after the release cue.
    public var release: Double
    /// Repetitions (for breathing: number of breaths).
    public var reps: Int
    /// Seconds between repetitions.
    public var rest: Double
    /// Sides each repetition is done on, e.g. `["left", "right"]`; empty for one-sided steps.
    public var sides: [String]

    /// A step either holds a position or paces breathing.
    public enum Action: Sendable, Equatable {
        /// Hold for `seconds`; ticks in the last `countdown` seconds.
        case hold(seconds: Double, countdown: Int)
        /// Alternate inhale and exhale cues, with an optional pause after each exhale.
        case breathe(inhale: Double, exhale: Double, pause: Double)
    }

    public init(name: String, how: String, prepare: Double, action: Action, release: Double,
                reps: Int = 1, rest: Double = 0, sides: [String] = []) {
        self.name = name
        self.how = how
        self.prepare = prepare
        self.action = action
        self.release = release
        self.reps = reps
        self.rest = rest
        self.sides = sides
    }
}
