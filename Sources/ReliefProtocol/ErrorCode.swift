/// The machine-readable reason of a refused request: the `error` field of an error reply.
///
/// Clients branch on the code, never on the message text, so the set only ever grows.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    /// The line is not a JSON object, or an argument is missing, mistyped or out of range.
    case badRequest = "bad-request"
    /// `cmd` names no command of the protocol.
    case unknownCommand = "unknown-command"
    /// No routine has that name (after built-ins and user routines are merged).
    case unknownRoutine = "unknown-routine"
    /// The command needs a session and none runs.
    case notRunning = "not-running"
    /// The request line is longer than `Wire.maximumLineLength`; the server then closes.
    case tooLarge = "too-large"
    /// A session already runs (or a scheduled one is about to begin).
    case busy
    /// The peer runs as another user; the server then closes.
    case forbidden
    /// The daemon failed on its side (e.g. the history file cannot be written).
    case `internal`
}

/// A refused request: the code and a message that says what was wrong and how to fix it.
///
/// Encodes as the error reply line `{"ok":false,"error":CODE,"message":TEXT}`.
public struct ProtocolError: Error, Sendable, Equatable, Codable {
    /// What kind of refusal this is.
    public var code: ErrorCode
    /// One sentence for a person: what was wrong, where, and what is valid.
    public var message: String

    /// Creates a refusal with `code` and a human `message`.
    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case ok, code = "error", message }

    /// Decodes an error reply line's fields.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(ErrorCode.self, forKey: .code)
        message = try c.decode(String.self, forKey: .message)
    }

    /// Encodes `{"ok":false,"error":…,"message":…}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(false, forKey: .ok)
        try c.encode(code, forKey: .code)
        try c.encode(message, forKey: .message)
    }
}
