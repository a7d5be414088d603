/// One request line of the control protocol: `{"cmd":…, arguments…}`.
///
/// Decoding validates every argument (type and range), so a decoded request is always one the
/// daemon can act on; anything else becomes a `ProtocolError` naming the key and what is valid.
/// Unknown extra keys are ignored, so newer clients can talk to older daemons.
public enum Request: Sendable, Equatable {
    /// Liveness check; replies with the daemon's version and pid.
    case ping
    /// Every routine with its duration.
    case list
    /// One routine with its steps and cautions.
    case show(routine: String)
    /// Starts a routine. `routine` may be nil only when `scheduled` (the configured break routine).
    case start(routine: String?, scheduled: Bool)
    /// Ends the running session as `stopped` (or cancels a pending scheduled one).
    case stop
    /// Pauses the running session.
    case pause
    /// Resumes a paused session.
    case resume
    /// Pauses a running session or resumes a paused one.
    case toggle
    /// Jumps to the next step.
    case skip
    /// Goes back to the start of the current step (or the previous one).
    case back
    /// Lengthens the current hold by `seconds` (0 < seconds ≤ 600).
    case extend(seconds: Double)
    /// Where the session stands.
    case status
    /// Answers once, then streams events until the client closes.
    case subscribe
    /// Plays one cue by name.
    case cue(String)
    /// Sessions of the last `days` days (1…3650) and the summary.
    /// `utcOffset`: the client's seconds east of UTC, so "today" and "the last N days" are
    /// the client's days, as its listing shows them (nil: the daemon's zone).
    case history(days: Int, utcOffset: Int? = nil)
    /// Skips scheduled breaks for `seconds` (0 turns the snooze off; at most 86400).
    case snooze(seconds: Double)
    /// Re-reads routines and sounds.
    case reload
    /// Speaks (when voice is on and no session runs) and returns the general safety notes.
    case safety
    /// Ends the daemon cleanly: a running session is stopped and recorded, then it exits 0.
    case quit

    /// Every command name, for `unknown-command` messages and completions.
    public static let commandNames = [
        "ping", "list", "show", "start", "stop", "pause", "resume", "toggle", "skip", "back",
        "extend", "status", "subscribe", "cue", "history", "snooze", "reload", "safety", "quit",
    ]

    /// The default of `extend`'s `seconds`.
    public static let defaultExtendSeconds = 10.0
    /// The largest `extend`.
    public static let maximumExtendSeconds = 600.0
    /// The smallest `extend`: less is no extension a person notices (5e-324 s was accepted).
    public static let minimumExtendSeconds = 1.0
    /// The default of `history`'s `days`.
    public static let defaultHistoryDays = 7
    /// The range of `history`'s `days`.
    public static let historyDaysRange = 1...3650
    /// The longest snooze.
    public static let maximumSnoozeSeconds = 86_400.0

    /// The `cmd` value of this request.
    public var command: String {
        switch self {
        case .ping: "ping"
        case .list: "list"
        case .show: "show"
        case .start: "start"
        case .stop: "stop"
        case .pause: "pause"
        case .resume: "resume"
        case .toggle: "toggle"
        case .skip: "skip"
        case .back: "back"
        case .extend: "extend"
        case .status: "status"
        case .subscribe: "subscribe"
        case .cue: "cue"
        case .history: "history"
        case .snooze: "snooze"
        case .reload: "reload"
        case .safety: "safety"
        case .quit: "quit"
        }
    }
}

extension Request: Codable {
    enum Key: String, CodingKey { case cmd, routine, scheduled, seconds, cue, days, utcOffset = "utc_offset" }

    /// Decodes and validates a request object; throws `ProtocolError` (bad-request or
    /// unknown-command) for anything the daemon could not act on.
    public init(from decoder: any Decoder) throws {
        let c: KeyedDecodingContainer<Key>
        do {
            c = try decoder.container(keyedBy: Key.self)
        } catch {
            throw ProtocolError(.badRequest, "a request must be a JSON object such as {\"cmd\":\"ping\"}")
        }
        guard c.contains(.cmd) else {
            throw ProtocolError(.badRequest, "missing \"cmd\": send {\"cmd\":NAME} with NAME one of \(Request.commandNames.joined(separator: ", "))")
        }
        guard let cmd = try? c.decode(String.self, forKey: .cmd) else {
            throw ProtocolError(.badRequest, "\"cmd\" must be a string, one of \(Request.commandNames.joined(separator: ", "))")
        }
        switch cmd {
        case "ping": self = .ping
        case "list": self = .list
        case "show": self = .show(routine: try Self.routine(c, required: true) ?? "")
        case "start":
            let scheduled = try Self.optional(c, .scheduled, Bool.self, "true or false") ?? false
            self = .start(routine: try Self.routine(c, required: !scheduled), scheduled: scheduled)
        case "stop": self = .stop
        case "pause": self = .pause
        case "resume": self = .resume
        case "toggle": self = .toggle
        case "skip": self = .skip
        case "back": self = .back
        case "extend":
            let valid = "a number of seconds, \(Int(Request.minimumExtendSeconds)) ≤ seconds ≤ \(Int(Request.maximumExtendSeconds))"
            let seconds = try Self.optional(c, .seconds, Double.self, valid) ?? Request.defaultExtendSeconds
            guard seconds >= Request.minimumExtendSeconds, seconds <= Request.maximumExtendSeconds else {
                throw ProtocolError(.badRequest, "\"seconds\" is \(Wire.number(seconds)); it must be \(valid)")
            }
            self = .extend(seconds: seconds)
        case "status": self = .status
        case "subscribe": self = .subscribe
        case "cue":
            guard let cue = try Self.optional(c, .cue, String.self, "a cue name such as \"hold\"") else {
                throw ProtocolError(.badRequest, "\"cue\" is missing: send {\"cmd\":\"cue\",\"cue\":NAME}, e.g. \"hold\"")
            }
            self = .cue(cue)
        case "history":
            let range = Request.historyDaysRange
            let valid = "a whole number of days from \(range.lowerBound) to \(range.upperBound)"
            let days = try Self.optional(c, .days, Double.self, valid) ?? Double(Request.defaultHistoryDays)
            guard days.rounded() == days, days >= Double(range.lowerBound), days <= Double(range.upperBound) else {
                throw ProtocolError(.badRequest, "\"days\" is \(Wire.number(days)); it must be \(valid)")
            }
            let offsetValid = "the client's seconds east of UTC, -64800 to 64800"
            let offset = try Self.optional(c, .utcOffset, Double.self, offsetValid)
            if let offset, offset.rounded() != offset || abs(offset) > 64_800 {
                throw ProtocolError(.badRequest, "\"utc_offset\" is \(Wire.number(offset)); it must be \(offsetValid)")
            }
            self = .history(days: Int(days), utcOffset: offset.map { Int($0) })
        case "snooze":
            let valid = "a number of seconds from 0 (snooze off) to \(Int(Request.maximumSnoozeSeconds))"
            guard let seconds = try Self.optional(c, .seconds, Double.self, valid) else {
                throw ProtocolError(.badRequest, "\"seconds\" is missing: send {\"cmd\":\"snooze\",\"seconds\":N}, N \(valid)")
            }
            guard seconds >= 0, seconds <= Request.maximumSnoozeSeconds else {
                throw ProtocolError(.badRequest, "\"seconds\" is \(Wire.number(seconds)); it must be \(valid)")
            }
            self = .snooze(seconds: seconds)
        case "reload": self = .reload
        case "safety": self = .safety
        case "quit": self = .quit
        default:
            throw ProtocolError(.unknownCommand, "unknown command \"\(cmd)\"; the commands are \(Request.commandNames.joined(separator: ", "))")
        }
    }

    /// Encodes the request object, e.g. `{"cmd":"extend","seconds":10}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(command, forKey: .cmd)
        switch self {
        case .show(let routine): try c.encode(routine, forKey: .routine)
        case .start(let routine, let scheduled):
            try c.encodeIfPresent(routine, forKey: .routine)
            if scheduled { try c.encode(true, forKey: .scheduled) }
        case .extend(let seconds): try c.encode(seconds, forKey: .seconds)
        case .cue(let cue): try c.encode(cue, forKey: .cue)
        case .history(let days, let offset):
            try c.encode(days, forKey: .days)
            try c.encodeIfPresent(offset, forKey: .utcOffset)
        case .snooze(let seconds): try c.encode(seconds, forKey: .seconds)
        default: break
        }
    }

    /// Decodes `key` if present and not null; a value of the wrong type is a bad-request.
    private static func optional<T: Decodable>(
        _ c: KeyedDecodingContainer<Key>, _ key: Key, _ type: T.Type, _ valid: String
    ) throws(ProtocolError) -> T? {
        guard c.contains(key), (try? c.decodeNil(forKey: key)) == false else { return nil }
        guard let value = try? c.decode(T.self, forKey: key) else {
            throw ProtocolError(.badRequest, "\"\(key.stringValue)\" must be \(valid)")
        }
        if let number = value as? Double, !number.isFinite {
            throw ProtocolError(.badRequest, "\"\(key.stringValue)\" must be \(valid)")
        }
        return value
    }

    private static func routine(_ c: KeyedDecodingContainer<Key>, required: Bool) throws(ProtocolError) -> String? {
        let valid = "a routine name such as \"wall-stretch\" (see the list command)"
        let name = try optional(c, .routine, String.self, valid)
        if name == nil, required {
            throw ProtocolError(.badRequest, "\"routine\" is missing: it must be \(valid)")
        }
        if let name, name.isEmpty {
            throw ProtocolError(.badRequest, "\"routine\" is empty: it must be \(valid)")
        }
        return name
    }
}
