/// One line of `history.jsonl`.
///
/// A session writes a `start` line when it begins and an `end` line when it ends, matched by
/// `id`. The file is only ever appended to, so a crash can lose at most the line being
/// written; a `start` without an `end` is a session cut short, marked `interrupted` on the
/// next daemon start.
enum HistoryRecord: Codable, Equatable {
    /// `{"type":"start","id":…,"routine":…,"start":UNIX,"scheduled":BOOL}`
    case start(id: String, routine: String, start: Double, scheduled: Bool)
    /// `{"type":"end","id":…,"end":UNIX|null,"outcome":…,"steps_done":N,"seconds":S}`
    case end(id: String, end: Double?, outcome: String, stepsDone: Int, seconds: Double)

    enum Key: String, CodingKey {
        case type, id, routine, start, scheduled, end, outcome, stepsDone = "steps_done", seconds
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let id = try c.decode(String.self, forKey: .id)
        switch try c.decode(String.self, forKey: .type) {
        case "start":
            self = .start(id: id, routine: try c.decode(String.self, forKey: .routine),
                          start: try c.decode(Double.self, forKey: .start),
                          scheduled: try c.decodeIfPresent(Bool.self, forKey: .scheduled) ?? false)
        case "end":
            self = .end(id: id, end: try c.decodeIfPresent(Double.self, forKey: .end),
                        outcome: try c.decode(String.self, forKey: .outcome),
                        stepsDone: try c.decodeIfPresent(Int.self, forKey: .stepsDone) ?? 0,
                        seconds: try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0)
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
