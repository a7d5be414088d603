import ReliefSuggestion

/// Finds the key a user most likely meant when they wrote one relief does not know.
///
/// Typos (`hodl`, `repss`), a different case (`Hold`) and a few words people naturally reach
/// for (`repetitions`, `duration`, `side`) map to a valid key; anything else gets no guess.
enum KeySuggestion {
    /// Words that are not typos but mean a valid key.
    private static let synonyms: [String: String] = [
        "repetitions": "reps", "repeat": "reps", "repeats": "reps", "times": "reps",
        "breaths": "reps", "rounds": "reps",
        "duration": "hold", "seconds": "hold", "time": "hold", "length": "hold",
        "side": "sides", "caution": "cautions", "warnings": "cautions", "warning": "cautions",
        "description": "summary", "instructions": "how", "instruction": "how",
        "setup": "prepare", "preparation": "prepare", "ticks": "countdown",
        "step": "steps", "exercises": "steps", "in": "inhale", "out": "exhale",
    ]

    /// The valid key closest to `key`, or nil when none is close enough to suggest
    /// (``Suggestion``, the helper relief-ctl and the daemon share, with these synonyms).
    static func suggestion(for key: String, among valid: [String]) -> String? {
        Suggestion.closest(to: key, among: valid, synonyms: synonyms)
    }
}
