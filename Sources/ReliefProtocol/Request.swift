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
    /// Lengthens the current hold by `seconds` (within ``extendSeconds``).
    case extend(seconds: Double)
    /// Where the session stands.
    case status
    /// Answers once, then streams events until the client closes.
    case subscribe
    /// Plays one cue by name.
    case cue(String)
    /// Sessions of the last `days` days (within ``historyDaysRange``) and the summary.
    /// `utcOffset`: the client's seconds east of UTC, so "today" and "the last N days" are
    /// the client's days, as its listing shows them (nil: the daemon's zone).
    case history(days: Int, utcOffset: Int? = nil)
    /// Skips scheduled breaks for `seconds` (0 turns the snooze off; within ``snoozeSeconds``).
    case snooze(seconds: Double)
    /// Re-reads routines and sounds.
    case reload
    /// Speaks (when voice is on and no session runs) and returns the general safety notes.
    case safety
    /// Ends the daemon cleanly: a running session is stopped and recorded, then it exits 0.
    case quit

    /// Every command name, for `unknown-command` messages and completions (from the table).
    public static var commandNames: [String] { CommandSpec.names }

    /// One argument of a request: its key and value.
    public typealias Argument = (key: String, value: ArgumentValue)

    /// The `cmd` value and the arguments of this request (in key order), as the table names
    /// them. The one place that maps cases to the wire; ``CommandSpec`` maps the wire back to
    /// cases. An array rather than a dictionary: relief-ctl builds its line from this on every
    /// run, and a dictionary's first use costs the client a runtime conformance lookup.
    public var parts: (command: String, arguments: [Argument]) {
        switch self {
        case .ping: ("ping", [])
        case .list: ("list", [])
        case .show(let routine): ("show", [("routine", .text(routine))])
        case .start(let routine, let scheduled):
            // `scheduled` is left out when false, as clients have always sent it.
            ("start", (routine.map { [("routine", .text($0))] } ?? []) + (scheduled ? [("scheduled", .flag(true))] : []))
        case .stop: ("stop", [])
        case .pause: ("pause", [])
        case .resume: ("resume", [])
        case .toggle: ("toggle", [])
        case .skip: ("skip", [])
        case .back: ("back", [])
        case .extend(let seconds): ("extend", [("seconds", .number(seconds))])
        case .status: ("status", [])
        case .subscribe: ("subscribe", [])
        case .cue(let cue): ("cue", [("cue", .text(cue))])
        case .history(let days, let offset):
            ("history", [("days", .number(Double(days)))] + (offset.map { [("utc_offset", .number(Double($0)))] } ?? []))
        case .snooze(let seconds): ("snooze", [("seconds", .number(seconds))])
        case .reload: ("reload", [])
        case .safety: ("safety", [])
        case .quit: ("quit", [])
        }
    }

    /// The `cmd` value of this request.
    public var command: String { parts.command }

    /// The request line without its newline, keys sorted (`cmd` sorts before every argument
    /// key): what relief-ctl sends, e.g. `{"cmd":"extend","seconds":10}`.
    public var line: String {
        let (command, arguments) = parts
        var text = "{\"cmd\":"
        JSONValue.writeString(command, to: &text)
        for (key, value) in arguments {
            text += ","
            JSONValue.writeString(key, to: &text)
            text += ":"
            value.json.write(to: &text)
        }
        return text + "}"
    }

    /// Builds the request for `command` from its argument values, checking each against the
    /// table (kind, range, presence) and filling in defaults; the errors are the daemon's.
    public init(command name: String, arguments: [String: ArgumentValue]) throws(ProtocolError) {
        guard let spec = CommandSpec.named(name) else {
            throw ProtocolError(.unknownCommand, "unknown command \"\(name)\"; the commands are \(Request.commandNames.joined(separator: ", "))")
        }
        var values: [String: ArgumentValue] = [:]
        for argument in spec.arguments {
            guard let value = arguments[argument.key] ?? argument.defaultValue else { continue }
            try argument.check(value)
            values[argument.key] = value
        }
        for argument in spec.arguments where values[argument.key] == nil {
            let required: Bool
            switch argument.presence {
            case .required: required = true
            case .optional: required = false
            case .requiredUnless(let flag): required = values[flag] != .flag(true)
            }
            guard required else { continue }
            var example = "{\"cmd\":\"\(name)\",\"\(argument.key)\":\(argument.placeholder)}"
            if case .requiredUnless(let flag) = argument.presence { example += " (or \"\(flag)\":true)" }
            throw ProtocolError(.badRequest, "\"\(argument.key)\" is missing: send \(example), \(argument.placeholder) \(argument.valid)")
        }
        self = spec.make(CheckedArguments(values: values))
    }
}

extension Request: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        static let cmd = Key("cmd")
    }

    /// Decodes and validates a request object against the command table; throws
    /// `ProtocolError` (bad-request or unknown-command) for anything the daemon could not act on.
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
        var arguments: [String: ArgumentValue] = [:]
        for argument in CommandSpec.named(cmd)?.arguments ?? [] {
            let key = Key(argument.key)
            guard c.contains(key), (try? c.decodeNil(forKey: key)) == false else { continue }  // null counts as absent
            let value: ArgumentValue? = switch argument.kind {
            case .name: (try? c.decode(String.self, forKey: key)).map { .text($0) }
            case .flag: (try? c.decode(Bool.self, forKey: key)).map { .flag($0) }
            case .number, .wholeNumber: (try? c.decode(Double.self, forKey: key)).map { .number($0) }
            }
            guard let value else { throw ProtocolError(.badRequest, "\"\(argument.key)\" must be \(argument.valid)") }
            arguments[argument.key] = value
        }
        self = try Request(command: cmd, arguments: arguments)
    }

    /// Encodes the request object, e.g. `{"cmd":"extend","seconds":10}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let (command, arguments) = parts
        try c.encode(command, forKey: .cmd)
        for (key, value) in arguments {
            switch value {
            case .text(let text): try c.encode(text, forKey: Key(key))
            case .flag(let flag): try c.encode(flag, forKey: Key(key))
            case .number(let number):
                if number.rounded() == number, abs(number) < 1e15 { try c.encode(Int64(number), forKey: Key(key)) } else { try c.encode(number, forKey: Key(key)) }
            }
        }
    }
}
