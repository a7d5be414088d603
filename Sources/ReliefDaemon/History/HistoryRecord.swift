/// One line of `history.jsonl`.
///
/// A session writes a `start` line when it begins and an `end` line when it ends, matched by
/// `id`. The file is only ever appended to, so a crash can lose at most the line being
/// written; a `start` without an `end` is a session cut short, marked `interrupted` on the
/// next daemon start.
enum HistoryRecord: Codable, Equatable {
    /// `{"type":"start","id":…,"routine":…,"start":UNIX,"scheduled":BOOL}`
    case start(id: String, routine: String, start: Double, scheduled: Bool)
    /// `{"type":"progress","id":…,"steps_done":N,"seconds":S}`: how far a running session
    /// got (written at each step), so a crash leaves its progress for the `interrupted` line.
    case progress(id: String, stepsDone: Int, seconds: Double)
    /// `{"type":"end","id":…,"end":UNIX|null,"outcome":…,"steps_done":N,"seconds":S}`
    case end(id: String, end: Double?, outcome: String, stepsDone: Int, seconds: Double)

    enum Key: String, CodingKey {
        case type, id, routine, start, scheduled, end, outcome, stepsDone = "steps_done", seconds
    }

    /// Wall-clock times a record may carry: 1970 to the year 5138. Beyond, a time cannot be
    /// shown or counted in days (`"start":1e19` crashed every `history`), so the line is skipped.
    static let unixRange = 0.0...1e11
    /// Routine seconds a record may carry (far beyond any session, extensions included).
    static let secondsRange = 0.0...1e9

    /// `unix` brought into `unixRange` (for ids made from a clock that went wild).
    static func clampedUnix(_ unix: Double) -> Double {
        unix.isFinite ? min(max(unix, unixRange.lowerBound), unixRange.upperBound) : 0
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let id = try c.decode(String.self, forKey: .id)
        func checked(_ value: Double, _ range: ClosedRange<Double>, _ key: Key) throws -> Double {
            guard range.contains(value) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(value) is out of range")
            }
            return value
        }
        func progress() throws -> (Int, Double) {
            let steps = try c.decodeIfPresent(Int.self, forKey: .stepsDone) ?? 0
            guard steps >= 0 else { throw DecodingError.dataCorruptedError(forKey: .stepsDone, in: c, debugDescription: "negative") }
            return (steps, try checked(try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0, Self.secondsRange, .seconds))
        }
        switch try c.decode(String.self, forKey: .type) {
        case "start":
            self = .start(id: id, routine: try c.decode(String.self, forKey: .routine),
                          start: try checked(try c.decode(Double.self, forKey: .start), Self.unixRange, .start),
                          scheduled: try c.decodeIfPresent(Bool.self, forKey: .scheduled) ?? false)
        case "progress":
            let (stepsDone, seconds) = try progress()
            self = .progress(id: id, stepsDone: stepsDone, seconds: seconds)
        case "end":
            let (stepsDone, seconds) = try progress()
            self = .end(id: id, end: try c.decodeIfPresent(Double.self, forKey: .end).map { try checked($0, Self.unixRange, .end) },
                        outcome: try c.decode(String.self, forKey: .outcome),
                        stepsDone: stepsDone, seconds: seconds)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown record type \(other)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .start(let id, let routine, let start, let scheduled):
            try c.encode("start", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(routine, forKey: .routine)
            try c.encode(start, forKey: .start)
            try c.encode(scheduled, forKey: .scheduled)
        case .progress(let id, let stepsDone, let seconds):
            try c.encode("progress", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(stepsDone, forKey: .stepsDone)
            try c.encode(seconds, forKey: .seconds)
        case .end(let id, let end, let outcome, let stepsDone, let seconds):
            try c.encode("end", forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(end, forKey: .end)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(stepsDone, forKey: .stepsDone)
            try c.encode(seconds, forKey: .seconds)
        }
    }
}
