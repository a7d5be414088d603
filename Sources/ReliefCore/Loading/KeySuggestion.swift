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

    /// The valid key closest to `key`, or nil when none is close enough to suggest.
    static func suggestion(for key: String, among valid: [String]) -> String? {
        let lowered = key.lowercased()
        if let exact = valid.first(where: { $0 == lowered }) { return exact }
        if let meant = synonyms[lowered], valid.contains(meant) { return meant }
        // Allow one edit for short keys, two for longer ones: `hld` → `hold`, but `ab` → nothing.
        let allowed = lowered.count <= 4 ? 1 : 2
        let ranked = valid
            .map { (key: $0, distance: editDistance(lowered, $0)) }
            .filter { $0.distance <= allowed }
            .min { $0.distance < $1.distance }
        return ranked?.key
    }

    /// Levenshtein distance counting an adjacent transposition (`hodl`) as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
