/// The protocol's commands, described once (MPD's command table is the model): each
/// command's name, its arguments with their type, range and default, and one help line.
///
/// Everything that knows about commands reads this table: request decoding and the
/// `unknown-command` message (``Request``), relief-ctl's validation and help, and the command
/// list in docs/protocol.md (a test compares it with ``markdown``). Adding a command means a
/// row here, a `Request` case, one handler in the daemon and one renderer in relief-ctl.
public struct CommandSpec: Sendable {
    /// The `cmd` value.
    public let name: String
    /// The arguments beside `cmd`, in the order they are documented.
    public let arguments: [ArgumentSpec]
    /// What the command does, in one line (relief-ctl's help says the same).
    public let help: String
    /// Builds the request from arguments already checked against ``arguments``.
    let make: @Sendable (CheckedArguments) -> Request

    /// The argument named `key`.
    public func argument(_ key: String) -> ArgumentSpec? {
        arguments.first { $0.key == key }
    }
}

/// One argument of a command: its JSON key, what values it takes and what it is without one.
public struct ArgumentSpec: Sendable {
    /// The kind of JSON value, with the range a number must be in.
    public enum Kind: Sendable, Equatable {
        /// A non-empty string.
        case name
        /// `true` or `false`.
        case flag
        /// A finite number within the range (seconds, in this protocol).
        case number(ClosedRange<Double>)
        /// A whole number within the range.
        case wholeNumber(ClosedRange<Int>)
    }

    /// When a request may leave the argument out.
    public enum Presence: Sendable, Equatable {
        /// It must be there.
        case required
        /// It may be left out (then ``ArgumentSpec/defaultValue`` applies, if any).
        case optional
        /// It must be there unless the flag argument named here is true.
        case requiredUnless(String)
    }

    /// The JSON key.
    public let key: String
    /// Its type and range.
    public let kind: Kind
    /// Whether it may be left out.
    public let presence: Presence
    /// The value when left out (or null), if the protocol gives one.
    public let defaultValue: ArgumentValue?
    /// What is valid, in words, for messages: "a number of seconds, 1 ≤ seconds ≤ 600".
    public let valid: String
    /// How the documentation writes the value: `NAME`, `N`.
    public let placeholder: String
    /// What the argument means, for help and the documentation.
    public let help: String

    init(_ key: String, _ kind: Kind, _ presence: Presence, default defaultValue: ArgumentValue? = nil,
         valid: String, placeholder: String, help: String) {
        self.key = key
        self.kind = kind
        self.presence = presence
        self.defaultValue = defaultValue
        self.valid = valid
        self.placeholder = placeholder
        self.help = help
    }

    /// The range of a number argument (a whole number's as numbers), nil for names and flags.
    public var range: ClosedRange<Double>? {
        switch kind {
        case .number(let range): range
        case .wholeNumber(let range): Double(range.lowerBound)...Double(range.upperBound)
        case .name, .flag: nil
        }
    }

    /// Checks a value a client is about to send (or the daemon received): the right kind and
    /// inside the range. The message says what was sent and what is valid.
    public func check(_ value: ArgumentValue) throws(ProtocolError) {
        switch (kind, value) {
        case (.name, .text(let text)):
            guard !text.isEmpty else { throw ProtocolError(.badRequest, "\"\(key)\" is empty: it must be \(valid)") }
        case (.flag, .flag):
            break
        case (.number, .number(let number)), (.wholeNumber, .number(let number)):
            guard number.isFinite else { throw ProtocolError(.badRequest, "\"\(key)\" must be \(valid)") }
            let whole = if case .wholeNumber = kind { number.rounded() == number } else { true }
            guard whole, let range, range.contains(number) else {
                throw ProtocolError(.badRequest, "\"\(key)\" is \(Wire.number(number)); it must be \(valid)")
            }
        default:
            throw ProtocolError(.badRequest, "\"\(key)\" must be \(valid)")
        }
    }
}

/// An argument's value as a request carries it.
public enum ArgumentValue: Sendable, Equatable {
    /// A string.
    case text(String)
    /// A boolean.
    case flag(Bool)
    /// A number (whole numbers too).
    case number(Double)

    /// The value as JSON.
    public var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .flag(let flag): .bool(flag)
        case .number(let number): .number(number)
        }
    }
}

/// The arguments of one request after ``ArgumentSpec/check(_:)``, defaults filled in.
struct CheckedArguments {
    let values: [String: ArgumentValue]

    func text(_ key: String) -> String? {
        if case .text(let text) = values[key] { return text }
        return nil
    }

    func flag(_ key: String) -> Bool {
        if case .flag(let flag) = values[key] { return flag }
        return false
    }

    /// A number argument; the table gives every number a default or requires it, so a
    /// request that reaches `make` has it (0 would show a broken table, not bad input).
    func number(_ key: String) -> Double {
        if case .number(let number) = values[key] { return number }
        return 0
    }

    func wholeNumber(_ key: String) -> Int? {
        if case .number(let number) = values[key] { return Int(number) }
        return nil
    }
}

extension CommandSpec {
    /// The command list of docs/protocol.md, made from the table (a test checks the page
    /// holds exactly this): one row per command with its arguments and help line.
    public static var markdown: String {
        var lines = ["| request | arguments | what it does |", "|---|---|---|"]
        for command in all {
            var example = "{\"cmd\":\"\(command.name)\""
            for argument in command.arguments where argument.presence != .optional {
                example += ",\"\(argument.key)\":\(argument.placeholder)"
            }
            example += "}"
            let arguments = command.arguments.map(\.documentation).joined(separator: "; ")
            lines.append("| `\(example)` | \(arguments.isEmpty ? "–" : arguments) | \(command.help) |")
        }
        return lines.joined(separator: "\n")
    }
}

extension ArgumentSpec {
    /// "`seconds`: optional, default 10; a number of seconds, 1 ≤ seconds ≤ 600 — how much longer …".
    var documentation: String {
        var presence: String
        switch self.presence {
        case .required: presence = "required"
        case .optional: presence = "optional"
        case .requiredUnless(let flag): presence = "required unless `\(flag)` is true"
        }
        if let defaultValue { presence += ", default \(defaultValue.json.serialized)" }
        return "`\(key)` (\(presence)): \(valid); \(help)"
    }
}
