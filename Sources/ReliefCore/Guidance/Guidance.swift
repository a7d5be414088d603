/// What spoken guidance says, composed from routine data alone — no routine carries its
/// own script, so a user's routine file is spoken as well as a built-in.
///
/// - **Opening**, before the first step: the title, the length in words and the one most
///   important caution: "Wall stretch, two and a half minutes. Slide slowly and keep the
///   movement small." (see `caution(of:)` for the rule that picks it).
/// - **Step**, before each step's `begin`: its name, the first side when sided, the short
///   form of `how` (`ShortForm`) and what the cues will pace: "Seated thoracic twist, left
///   side first. Sit tall … towards the named side. Hold twenty seconds each side, twice."
///   Breathing steps say "Eight slow breaths."
/// - **Repetition**, before the `begin` of a later repetition of a hold step: "Last one."
///   before the last (with "Left side first." when sided); "Left side again." before the
///   others of a sided step; nothing before the others of a one-sided step, whose `begin`
///   tone says enough and whose gaps are often short. Breaths are never announced: talking
///   over the exhale would break the rhythm the tones set.
/// - **Switch**, before a `switch-side` cue: "Switch sides." (two sides) or "Now the top
///   side." (for the later sides of three or more).
/// - **Closing**, after `complete`: "Wall stretch complete. Well done."
/// - **Scheduled break**, after the `warning` cue: "Posture break in ten seconds. To skip
///   it, run relief-ctl stop."
///
/// Numbers are always words (`SpokenNumber`); every text is one or more full sentences.
public enum Guidance {
    /// The opening: "TITLE, LENGTH. CAUTION" with `length` the session's seconds.
    public static func opening(_ routine: Routine, length: Double) -> String {
        var text = "\(title(of: routine)), \(SpokenNumber.length(length))."
        let caution = caution(of: routine)
        if !caution.isEmpty { text += " " + caution }
        return text
    }

    /// The one caution said at the start: the routine's own first caution when it has one
    /// (routine files list their most specific warning first, and it is the one a person
    /// doing this routine most needs), else the first general safety note (stop at once on
    /// sharp or radiating pain, numbness or tingling). Said in short form, with a longer
    /// bound than instructions so the whole warning is kept where it can be.
    public static func caution(of routine: Routine) -> String {
        let caution = routine.cautions.first { !$0.trimmingPunctuation.isEmpty } ?? SafetyNotes.general.first ?? ""
        return ShortForm.of(caution, limit: cautionLimit)
    }

    /// The bound on the spoken caution, in characters.
    public static let cautionLimit = 140

    /// The announcement of a step, said before its `begin` cue.
    public static func step(_ step: Step) -> String {
        var parts = [naming(step)]
        let how = ShortForm.of(step.how)
        if !how.isEmpty { parts.append(capitalised(how)) }
        if let pacing = pacing(of: step) { parts.append(pacing) }
        return parts.joined(separator: " ")
    }

    /// The short announcement of a step said just after its `begin` when the session jumped
    /// to it (skip, back) with no time to announce it before: name, side and pacing, no
    /// instruction, so it fits the prepare window.
    public static func lateStep(_ step: Step) -> String {
        [naming(step), pacing(of: step)].compactMap { $0 }.joined(separator: " ")
    }

    /// "Seated thoracic twist, left side first."
    static func naming(_ step: Step) -> String {
        var name = step.name.trimmingPunctuation
        if name.isEmpty { name = "Next step" }
        if let side = step.sides.first, case .hold = step.action {
            name += ", \(sidePhrase(side)) first"
        }
        return capitalised(name) + "."
    }

    /// What the cues will pace: "Hold twenty seconds each side, twice." or "Eight slow
    /// breaths."; nil for a hold too short to name.
    public static func pacing(of step: Step) -> String? {
        let reps = max(1, step.reps)
        switch step.action {
        case let .hold(seconds, _):
            guard let length = SpokenNumber.holdLength(seconds) else { return nil }
            var text = "Hold \(length)"
            if !step.sides.isEmpty { text += " each side" }
            if reps > 1 { text += ", \(SpokenNumber.times(reps))" }
            return text + "."
        case .breathe:
            return capitalised(SpokenNumber.count(reps, "slow breath", "slow breaths")) + "."
        }
    }

    /// Said before the `begin` of repetition `rep` (from 2) of a hold step, or nil when
    /// nothing is (see the type's documentation).
    public static func repetition(_ rep: Int, of step: Step) -> String? {
        guard case .hold = step.action, rep >= 2, rep <= step.reps else { return nil }
        let side = step.sides.first.map { capitalised(sidePhrase($0)) }
        if rep == step.reps {
            return side.map { "Last one. \($0) first." } ?? "Last one."
        }
        return side.map { "\($0) again." }
    }

    /// Said before the `switch-side` cue that starts side `sideIndex` (from 1) of a step.
    public static func switchSides(to sideIndex: Int, of step: Step) -> String {
        guard step.sides.count > 2, step.sides.indices.contains(sideIndex) else { return "Switch sides." }
        return "Now the \(sidePhrase(step.sides[sideIndex]))."
    }

    /// The closing line, said after the `complete` cue.
    public static func closing(_ routine: Routine) -> String {
        "\(title(of: routine)) complete. Well done."
    }

    /// Said after the `warning` cue of a scheduled start, `delay` seconds before the routine
    /// begins: what is about to start and how to skip it, for a listener who may not be
    /// looking at a screen.
    public static func scheduledBreak(_ routine: Routine, in delay: Double) -> String {
        let seconds = delay.isFinite ? Int(min(max(delay, 0), 86_400).rounded()) : 0
        let when = seconds >= 1 ? "in \(SpokenNumber.count(seconds, "second"))" : "starting now"
        return "\(title(of: routine)) \(when). To skip it, run relief-ctl stop."
    }

    /// The routine's title as said aloud: its `title`, else its name with spaces.
    static func title(of routine: Routine) -> String {
        let title = routine.title.trimmingPunctuation
        if !title.isEmpty { return capitalised(title) }
        let name = routine.name.split(separator: "-").joined(separator: " ")
        return name.isEmpty ? "Your routine" : capitalised(name)
    }

    /// "left" → "left side"; a side already named "… side" is kept.
    static func sidePhrase(_ side: String) -> String {
        let side = side.trimmingPunctuation
        return side.lowercased().hasSuffix("side") ? side : side + " side"
    }

    static func capitalised(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
