/// The safety rules from the seed articles that apply to every routine.
///
/// They live here, once, rather than in each routine file: a user who writes or replaces a
/// routine still gets them, and `Routine.allCautions` adds them after the routine's own.
public enum SafetyNotes {
    /// Rules that hold for every routine, most urgent first.
    public static let general: [String] = [
        "Stop at once if you feel sharp or radiating pain, or numbness, tingling or weakness "
            + "in your arms or legs, and have it checked by a professional.",
        "Move slowly and only as far as is comfortable; never force a movement or a crack.",
        "Do not self-adjust your spine if you have severe osteoporosis, a spinal infection or "
            + "a history of spinal surgery; after recent trauma such as a fall or an accident, "
            + "see a medical professional first.",
        "See a physical therapist, chiropractor or physician for pain that lasts more than a "
            + "few weeks, is worse at night, is not relieved by rest, or limits your daily movement.",
        "If you have a medical condition or an injury, ask a healthcare professional before "
            + "starting new exercises.",
        "Rest between sessions: cracking or stretching too often or too hard strains the "
            + "muscles and joints.",
    ]
}

extension SafetyNotes {
    /// The stop-on-pain rule, said whole in every routine's spoken opening.
    public static var stopOnPain: String { general[0] }
}

extension Routine {
    /// The routine's own cautions followed by `SafetyNotes.general`, without repeats: what
    /// `show` lists and what a person should hear before starting.
    public var allCautions: [String] {
        var all = cautions
        for note in SafetyNotes.general where !all.contains(note) { all.append(note) }
        return all
    }
}
