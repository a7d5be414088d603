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
    /// What the voice says for the step (position and movement); nil: composed from `how`.
    public var say: String?
    /// Keys whose values relief chose because the seeds give none (`chosen_by_relief`), e.g.
    /// `["move", "reps"]`; `show` and docs/routines.md say "time chosen by relief" for them.
    public var chosenByRelief: [String]

    /// A step holds still, keeps moving, or paces breathing.
    public enum Action: Sendable, Equatable {
        /// Hold still for `seconds`; ticks in the last `countdown` seconds.
        case hold(seconds: Double, countdown: Int)
        /// Keep moving for `seconds` (neck rolls, wall slides, rolling on a roller): opened by
        /// the `move` cue, with the same countdown and halfway rules as a hold.
        case move(seconds: Double, countdown: Int)
        /// Alternate inhale and exhale cues, with an optional pause after each exhale.
        case breathe(inhale: Double, exhale: Double, pause: Double)
    }

    public init(name: String, how: String, prepare: Double, action: Action, release: Double,
                reps: Int = 1, rest: Double = 0, sides: [String] = [], say: String? = nil,
                chosenByRelief: [String] = []) {
        self.name = name
        self.how = how
        self.prepare = prepare
        self.action = action
        self.release = release
        self.reps = reps
        self.rest = rest
        self.sides = sides
        self.say = say
        self.chosenByRelief = chosenByRelief
    }

    /// The seconds and countdown of a hold or move step; nil for a breathing step.
    public var timed: (seconds: Double, countdown: Int, moves: Bool)? {
        switch action {
        case let .hold(seconds, countdown): (seconds, countdown, false)
        case let .move(seconds, countdown): (seconds, countdown, true)
        case .breathe: nil
        }
    }
}
