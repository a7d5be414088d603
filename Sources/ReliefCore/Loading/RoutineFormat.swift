/// The rules of the routine file format: which keys exist, their defaults and their bounds.
///
/// docs/routines.md documents the same numbers; the validator and the docs must agree.
/// Every phase that a cue opens lasts at least 1 s so that two cues never run together;
/// the upper bounds catch typos (a hold of `300000`) while leaving room for real uses
/// (heat or cold is held 15–20 minutes, so a hold may last up to an hour).
public enum RoutineFormat {
    /// Keys allowed at the top level of a routine file.
    public static let topLevelKeys = ["name", "title", "summary", "cautions", "steps"]
    /// Keys allowed in a `[[steps]]` table.
    public static let stepKeys = [
        "name", "how", "say", "prepare", "hold", "move", "countdown", "inhale", "exhale", "pause",
        "release", "reps", "rest", "sides", "chosen_by_relief",
    ]
    /// The step keys `chosen_by_relief` may name: the times and counts of a step.
    public static let chosenKeys = [
        "prepare", "hold", "move", "countdown", "inhale", "exhale", "pause", "release", "reps", "rest",
    ]

    /// Values used when a step leaves a key out.
    public enum Defaults {
        /// Seconds from the begin cue to the hold (or first inhale) cue.
        public static let prepare = 5.0
        /// Seconds to come out of the position after the release cue.
        public static let release = 3.0
        /// Tick cues in the last seconds of a hold.
        public static let countdown = 3
        /// Repetitions of a hold step, or breaths of a breathing step.
        public static let reps = 1
        /// Seconds between repetitions.
        public static let rest = 0.0
        /// Silent seconds after each exhale.
        public static let pause = 0.0
    }

    /// Inclusive bounds of every number in a routine file.
    public enum Limits {
        /// `prepare`, seconds.
        public static let prepare: ClosedRange<Double> = 1...300
        /// `hold`, seconds: up to an hour, since heat or cold is held 15–20 minutes.
        public static let hold: ClosedRange<Double> = 1...3600
        /// `release`, seconds.
        public static let release: ClosedRange<Double> = 1...300
        /// `rest` between repetitions, seconds.
        public static let rest: ClosedRange<Double> = 0...600
        /// `inhale`, seconds.
        public static let inhale: ClosedRange<Double> = 1...30
        /// `exhale`, seconds.
        public static let exhale: ClosedRange<Double> = 1...30
        /// `pause` after each exhale, seconds.
        public static let pause: ClosedRange<Double> = 0...30
        /// `move`, seconds: as long as a hold may be.
        public static let move: ClosedRange<Double> = 1...3600
        /// Characters in `say`: about twelve seconds of speech, so the announcement fits
        /// between the cues without a long lead-in.
        public static let sayLength = 200
        /// `countdown` ticks; also always fewer than the hold's seconds.
        public static let countdown: ClosedRange<Int> = 0...10
        /// `reps` (breaths for a breathing step).
        public static let reps: ClosedRange<Int> = 1...100
        /// Number of entries in `sides`.
        public static let sides: ClosedRange<Int> = 1...4
        /// Number of `[[steps]]` tables.
        public static let steps: ClosedRange<Int> = 1...100
        /// Characters in a routine name.
        public static let nameLength = 64
        /// Bytes in a routine file; a larger file is certainly not a routine.
        public static let fileSize = 1 << 20
    }

    /// Whether `name` is a valid routine name: `[a-z0-9][a-z0-9-]*`, at most 64 characters.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= Limits.nameLength,
              isLowercaseAlphanumeric(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { isLowercaseAlphanumeric($0) || $0 == "-" }
    }

    private static func isLowercaseAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
