/// "Did you mean …?": the valid name a user most likely meant when they wrote one relief does
/// not know.
///
/// One helper for every place that guesses: routine and config keys in `reliefd check`,
/// unknown routines in the daemon's replies, and relief-ctl's unknown commands. A leaf module:
/// ReliefProtocol re-exports it for the client and the daemon, and the pure core imports it
/// without depending on the wire format.
public enum Suggestion {
    /// The name in `valid` closest to `name`, or nil when none is close enough to suggest.
    ///
    /// In order: the same name in another case (`Hold`); a word in `synonyms` that means a
    /// valid name (`repetitions` → `reps`); the nearest name within one edit for names of up
    /// to four letters, two for longer ones (`hodl` → `hold`, `strat` → `start`, but `ab` →
    /// nothing); a valid name that starts with what was written, if that is at least three
    /// letters (`war` → `warning_seconds`).
    public static func closest(to name: String, among valid: [String], synonyms: [String: String] = [:]) -> String? {
        let lowered = name.lowercased()
        if let exact = valid.first(where: { $0.lowercased() == lowered }) { return exact }
        if let meant = synonyms[lowered], valid.contains(meant) { return meant }
        let allowed = lowered.count <= 4 ? 1 : 2
        let nearest = valid
            .map { (name: $0, distance: editDistance(lowered, $0.lowercased())) }
            .filter { $0.distance <= allowed }
            .min { $0.distance < $1.distance }
        if let nearest { return nearest.name }
        guard lowered.count >= 3 else { return nil }
        return valid.first { $0.lowercased().hasPrefix(lowered) }
    }

    /// Levenshtein distance counting an adjacent transposition (`hodl`, `strat`) as one edit.
    public static func editDistance(_ a: String, _ b: String) -> Int {
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
