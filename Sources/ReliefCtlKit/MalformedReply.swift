import ReliefProtocol

/// A reply that lacks a field the protocol promises, or has one of the wrong type.
/// relief-ctl exits 70 with this message instead of printing something half right.
public struct MalformedReply: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where and what, e.g. "status reply: 'state' should be a string, found 12".
    public let description: String

    /// A reply that makes no sense, described.
    public init(description: String) { self.description = description }
}

extension JSONValue {
    /// The reply (or event) as its protocol type; `context` names it in the message when a
    /// field is missing or of the wrong type: "status reply: step: 'index' should be …".
    public func decode<T: Decodable>(_ type: T.Type, context: String) throws(MalformedReply) -> T {
        do {
            return try decode(type)
        } catch {
            throw MalformedReply(description: "\(context): \(error)")
        }
    }
}

extension ControlClient.Reply {
    /// The reply as its protocol type (see ``JSONValue/decode(_:context:)``).
    public func decode<T: Decodable>(_ type: T.Type, context: String) throws(MalformedReply) -> T {
        try value.decode(type, context: context)
    }
}
