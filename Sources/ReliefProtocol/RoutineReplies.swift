/// Where a routine comes from: embedded in the binary, or a user's file.
public enum RoutineOrigin: String, Codable, Sendable {
    /// Built into reliefd.
    case builtin
    /// A file in `~/.config/relief/routines/` or a `--routines` directory.
    case user
}

/// One row of `list`: a routine's name, words and length.
public struct RoutineSummary: Codable, Sendable, Equatable {
    /// The routine's name (its file's base name).
    public var name: String
    /// A short human title.
    public var title: String
    /// One sentence on what it is for.
    public var summary: String
    /// Seconds from begin to complete at time scale 1.
    public var duration: Double
    /// Built in or a user file.
    public var source: RoutineOrigin

    /// Creates a list row.
    public init(name: String, title: String, summary: String, duration: Double, source: RoutineOrigin) {
        self.name = name
        self.title = title
        self.summary = summary
        self.duration = duration
        self.source = source
    }
}

/// The reply of `list`.
public struct RoutineList: Codable, Sendable, Equatable {
    /// Every routine, sorted by name.
    public var routines: [RoutineSummary]
    /// Creates the reply body.
    public init(routines: [RoutineSummary]) { self.routines = routines }
}

/// One step as `show` reports it; times in seconds at time scale 1.
///
/// A holding step has `hold` and `countdown`, a moving step `move` and `countdown`, a
/// breathing step `inhale`, `exhale` and `pause`; the other fields are null. Nulls are
/// always sent. `say` is what the voice says for the step; `chosen_by_relief` lists the keys
/// whose values relief chose where the seeds give none.
public struct StepDetail: Codable, Sendable, Equatable {
    /// The step's name.
    public var name: String
    /// How to do it, in words.
    public var how: String
    /// Getting into position, from the begin cue.
    public var prepare: Double
    /// Length of the hold, or nil for a moving or breathing step.
    public var hold: Double?
    /// Seconds of continuous movement, or nil for a holding or breathing step.
    public var move: Double?
    /// Ticks in the last N seconds of the hold (or move), or nil for a breathing step.
    public var countdown: Int?
    /// Length of one inhale, or nil for a holding step.
    public var inhale: Double?
    /// Length of one exhale, or nil for a holding step.
    public var exhale: Double?
    /// Pause after each exhale, or nil for a holding step.
    public var pause: Double?
    /// Time to come out of the position.
    public var release: Double
    /// Repetitions (breaths for a breathing step).
    public var reps: Int
    /// Seconds between repetitions.
    public var rest: Double
    /// Sides each repetition is done on; empty for one-sided steps.
    public var sides: [String]
    /// The whole step's length.
    public var duration: Double
    /// What the voice says for the step: its `say`, or the text composed from `how`.
    public var say: String?
    /// Keys whose values relief chose where the seeds give none ("time chosen by relief").
    public var chosenByRelief: [String]

    /// Creates a step description.
    public init(name: String, how: String, prepare: Double, hold: Double?, countdown: Int?,
                inhale: Double?, exhale: Double?, pause: Double?, release: Double, reps: Int,
                rest: Double, sides: [String], duration: Double, move: Double? = nil, say: String? = nil,
                chosenByRelief: [String] = []) {
        self.name = name
        self.how = how
        self.prepare = prepare
        self.hold = hold
        self.countdown = countdown
        self.inhale = inhale
        self.exhale = exhale
        self.pause = pause
        self.release = release
        self.reps = reps
        self.rest = rest
        self.sides = sides
        self.duration = duration
        self.move = move
        self.say = say
        self.chosenByRelief = chosenByRelief
    }

    enum CodingKeys: String, CodingKey {
        case name, how, say, prepare, hold, move, countdown, inhale, exhale, pause, release, reps, rest, sides, duration
        case chosenByRelief = "chosen_by_relief"
    }

    /// Decodes a step; `move`, `say` and `chosen_by_relief` may be absent (older daemons).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        how = try c.decode(String.self, forKey: .how)
        say = try c.decodeIfPresent(String.self, forKey: .say)
        prepare = try c.decode(Double.self, forKey: .prepare)
        hold = try c.decodeIfPresent(Double.self, forKey: .hold)
        move = try c.decodeIfPresent(Double.self, forKey: .move)
        countdown = try c.decodeIfPresent(Int.self, forKey: .countdown)
        inhale = try c.decodeIfPresent(Double.self, forKey: .inhale)
        exhale = try c.decodeIfPresent(Double.self, forKey: .exhale)
        pause = try c.decodeIfPresent(Double.self, forKey: .pause)
        release = try c.decode(Double.self, forKey: .release)
        reps = try c.decode(Int.self, forKey: .reps)
        rest = try c.decode(Double.self, forKey: .rest)
        sides = try c.decode([String].self, forKey: .sides)
        duration = try c.decode(Double.self, forKey: .duration)
        chosenByRelief = try c.decodeIfPresent([String].self, forKey: .chosenByRelief) ?? []
    }
}

/// A routine as `show` reports it.
public struct RoutineDetail: Codable, Sendable, Equatable {
    /// The routine's name.
    public var name: String
    /// A short human title.
    public var title: String
    /// One sentence on what it is for.
    public var summary: String
    /// Seconds from begin to complete at time scale 1.
    public var duration: Double
    /// Built in or a user file.
    public var source: RoutineOrigin
    /// Every caution: the routine's own and the general safety notes.
    public var cautions: [String]
    /// The steps in order.
    public var steps: [StepDetail]
    /// What spoken guidance will say, in order; nil (sent as `null`) when voice is off.
    public var spoken: [SpokenLine]?

    /// Creates a routine description.
    public init(name: String, title: String, summary: String, duration: Double, source: RoutineOrigin,
                cautions: [String], steps: [StepDetail], spoken: [SpokenLine]? = nil) {
        self.name = name
        self.title = title
        self.summary = summary
        self.duration = duration
        self.source = source
        self.cautions = cautions
        self.steps = steps
        self.spoken = spoken
    }

}

/// One thing spoken guidance says: `at` seconds from the session's start (time scale 1,
/// lead-ins included) it starts saying `text`.
public struct SpokenLine: Codable, Sendable, Equatable {
    /// Planned start, seconds from the session's start.
    public var at: Double
    /// What is said.
    public var text: String

    /// A line said at `at`.
    public init(at: Double, text: String) {
        self.at = at
        self.text = text
    }
}

/// The reply of `show`.
public struct RoutineShown: Codable, Sendable, Equatable {
    /// The routine.
    public var routine: RoutineDetail
    /// Creates the reply body.
    public init(routine: RoutineDetail) { self.routine = routine }
}
