/// What spoken guidance says, composed from routine data alone — no routine carries its
/// own script, so a user's routine file is spoken as well as a built-in.
///
/// - **Briefing**, before the opening of the first session ever: every general safety note.
/// - **Opening**, before the first step: the title, the length in words, the routine's own
///   cautions and the stop-on-pain rule, all in full: "Wall stretch, two and a half minutes.
///   Slide slowly and keep the movement small. Stop at once if … checked by a professional."
/// - **Step**, before each step's `begin`: its name, the first side when sided, its `say`
///   (or `how`, shortened without dropping the movement) and what the cues will pace:
///   "Seated thoracic twist, left side first. Sit tall … Hold twenty seconds each side,
///   twice." Move steps say "Keep moving for eight seconds, five times.", breathing steps
///   "Eight slow breaths."
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
    /// The opening: "TITLE, LENGTH." then every caution of the routine's own (equipment
    /// cautions such as "anchor the band" among them) and the stop-on-pain rule, each said
    /// whole: a warning cut short is a different warning.
    public static func opening(_ routine: Routine, length: Double) -> String {
        var text = "\(title(of: routine)), \(SpokenNumber.length(length))."
        for caution in cautions(of: routine) { text += " " + caution }
        return text
    }

    /// The cautions said at the start, in full: the routine's own, then the stop-on-pain rule
    /// (`SafetyNotes.stopOnPain`) unless the routine already says it.
    public static func cautions(of routine: Routine) -> [String] {
        var said = routine.cautions.map(sentence).filter { !$0.isEmpty }
        let rule = sentence(SafetyNotes.stopOnPain)
        if !said.contains(rule) { said.append(rule) }
        return said
    }

    /// The safety briefing that opens the first session ever (and `relief-ctl safety`):
    /// every general safety note, in full.
    public static func briefing() -> String {
        (["Before you start, the safety rules."] + SafetyNotes.general.map(sentence)).joined(separator: " ")
    }

    /// The announcement of a step, said before its `begin` cue: its name (and first side),
    /// what to do — `say`, or else `how` shortened sentence by sentence so the movement is
    /// kept (`instruction(of:)`) — and what the cues will pace.
    public static func step(_ step: Step) -> String {
        var parts = [naming(step)]
        let instruction = instruction(of: step)
        if !instruction.isEmpty { parts.append(instruction) }
        if let pacing = pacing(of: step) { parts.append(pacing) }
        return parts.joined(separator: " ")
    }

    /// What to do, as said: the step's `say` when it has one; otherwise every sentence of
    /// `how`, each shortened (`ShortForm`) to an equal share of `RoutineFormat.Limits.sayLength`
    /// — the first sentence is usually the position and a later one the movement, so keeping
    /// only the first would drop what to do.
    public static func instruction(of step: Step) -> String {
        if let say = step.say, !say.trimmingPunctuation.isEmpty { return capitalised(sentence(say)) }
        let sentences = ShortForm.sentences(of: step.how)
        guard !sentences.isEmpty else { return "" }
        let share = max(60, RoutineFormat.Limits.sayLength / sentences.count)
        return sentences.map { capitalised(ShortForm.of($0, limit: share)) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// `text` with its whitespace collapsed and a final full stop (or its own `!`/`?`).
    static func sentence(_ text: String) -> String {
        let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let last = words.last else { return "" }
        return ".!?".contains(last) ? words : words.trimmingPunctuation + "."
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
        if let side = step.sides.first, step.timed != nil {
            name += ", \(sidePhrase(side)) first"
        }
        return capitalised(name) + "."
    }

    /// What the cues will pace: "Hold twenty seconds each side, twice.", "Keep moving for
    /// eight seconds, five times." or "Eight slow breaths."; nil for a hold too short to name.
    public static func pacing(of step: Step) -> String? {
        let reps = max(1, step.reps)
        switch step.action {
        case let .hold(seconds, _), let .move(seconds, _):
            guard let length = SpokenNumber.holdLength(seconds) else { return nil }
            // A move is "keep moving": the hold cue's "stay still" must never be said for it.
            var text = if case .move = step.action { "Keep moving for \(length)" } else { "Hold \(length)" }
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
        guard step.timed != nil, rep >= 2, rep <= step.reps else { return nil }
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
