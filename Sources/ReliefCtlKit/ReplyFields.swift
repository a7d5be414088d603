import ReliefProtocol

/// A reply that lacks a field the protocol promises, or has one of the wrong type.
/// relief-ctl exits 70 with this message instead of printing something half right.
public struct MalformedReply: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where and what, e.g. "status reply: 'state' should be a string, found 12".
    public let description: String
}

/// Read access to one JSON object of a reply, by field name, with errors that say which
/// field of which reply is wrong.
///
/// Fields the protocol marks `|null` are read with the `optional…` accessors, which accept a
/// missing field and `null` alike.
public struct ReplyFields: Sendable {
    /// The object being read.
    public let value: JSONValue
    /// Where it sits, for messages: "status reply", "list reply: routines[2]".
    public let context: String

    /// Wraps `value`; fails when it is not an object.
    public init(_ value: JSONValue, context: String) throws(MalformedReply) {
        guard value.object != nil else {
            throw MalformedReply(description: "\(context): expected an object, found \(Self.sketch(value))")
        }
        self.value = value
        self.context = context
    }

    /// True when `key` is present and not `null`.
    public func has(_ key: String) -> Bool {
        guard let member = value[key] else { return false }
        return !member.isNull
    }

    /// A required string.
    public func string(_ key: String) throws(MalformedReply) -> String {
        guard let text = try optionalString(key) else { throw missing(key, "a string") }
        return text
    }

    /// A string, or nil when missing or `null`.
    public func optionalString(_ key: String) throws(MalformedReply) -> String? {
        guard let member = present(key) else { return nil }
        guard let text = member.string else { throw wrong(key, "a string", member) }
        return text
    }

    /// A required number.
    public func number(_ key: String) throws(MalformedReply) -> Double {
        guard let number = try optionalNumber(key) else { throw missing(key, "a number") }
        return number
    }

    /// A number, or nil when missing or `null`.
    public func optionalNumber(_ key: String) throws(MalformedReply) -> Double? {
        guard let member = present(key) else { return nil }
        guard let number = member.double else { throw wrong(key, "a number", member) }
        return number
    }

    /// A required whole number.
    public func integer(_ key: String) throws(MalformedReply) -> Int {
        guard let number = try optionalInteger(key) else { throw missing(key, "a whole number") }
        return number
    }

    /// A whole number, or nil when missing or `null`.
    public func optionalInteger(_ key: String) throws(MalformedReply) -> Int? {
        guard let member = present(key) else { return nil }
        guard let number = member.int else { throw wrong(key, "a whole number", member) }
        return number
    }

    /// A boolean, or `default` when missing or `null`.
    public func flag(_ key: String, default fallback: Bool) throws(MalformedReply) -> Bool {
        guard let member = present(key) else { return fallback }
        guard let flag = member.bool else { throw wrong(key, "true or false", member) }
        return flag
    }

    /// A required nested object.
    public func object(_ key: String) throws(MalformedReply) -> ReplyFields {
        guard let nested = try optionalObject(key) else { throw missing(key, "an object") }
        return nested
    }

    /// A nested object, or nil when missing or `null`.
    public func optionalObject(_ key: String) throws(MalformedReply) -> ReplyFields? {
        guard let member = present(key) else { return nil }
        guard member.object != nil else { throw wrong(key, "an object", member) }
        return try ReplyFields(member, context: "\(context): \(key)")
    }

    /// A required array of objects.
    public func objects(_ key: String) throws(MalformedReply) -> [ReplyFields] {
        guard let member = present(key) else { throw missing(key, "an array") }
        guard let elements = member.array else { throw wrong(key, "an array", member) }
        var result: [ReplyFields] = []
        for (index, element) in elements.enumerated() {
            result.append(try ReplyFields(element, context: "\(context): \(key)[\(index)]"))
        }
        return result
    }

    /// An array of strings; empty when missing or `null`.
    public func strings(_ key: String) throws(MalformedReply) -> [String] {
        guard let member = present(key) else { return [] }
        guard let elements = member.array else { throw wrong(key, "an array of strings", member) }
        var result: [String] = []
        for element in elements {
            guard let text = element.string else { throw wrong(key, "an array of strings", member) }
            result.append(text)
        }
        return result
    }

    private func present(_ key: String) -> JSONValue? {
        guard let member = value[key], !member.isNull else { return nil }
        return member
    }

    private func missing(_ key: String, _ expected: String) -> MalformedReply {
        MalformedReply(description: "\(context): '\(key)' is missing (expected \(expected))")
    }

    private func wrong(_ key: String, _ expected: String, _ found: JSONValue) -> MalformedReply {
        MalformedReply(description: "\(context): '\(key)' should be \(expected), found \(Self.sketch(found))")
    }

    /// A short rendering of a value for messages.
    static func sketch(_ value: JSONValue) -> String {
        let text = value.serialized
        return text.count <= 60 ? text : String(text.prefix(60)) + "…"
    }
}
