/// Why a JSON value is not the typed reply it should be: where, and what was wrong there, e.g.
/// `step: 'index' should be a whole number, found "one"`.
public struct ReplyDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The nested objects on the way, outermost first: `["routines[1]"]`.
    public let path: [String]
    /// What was wrong: `'duration' is missing (expected a number)`.
    public let problem: String

    /// "routines[1]: 'duration' is missing (expected a number)".
    public var description: String { (path + [problem]).joined(separator: ": ") }
}

extension JSONValue {
    /// Decodes a typed reply (`Status`, `Event`, …) from this value: the client's one decoding
    /// path. The line is parsed once by the small hand-written parser and the reply's own
    /// `Decodable` conformance reads it, so the wire types are described once in
    /// ReliefProtocol and the client pays for neither `JSONDecoder` nor a second parse
    /// (measured: the first decode of a status line in a fresh process 87 µs this way, 341 µs
    /// through JSONDecoder; 20 µs each either way after that). A key that is missing or `null` where a value is
    /// required, or a value of the wrong type, is a ``ReplyDecodingError`` naming the key.
    public func decode<T: Decodable>(_ type: T.Type) throws(ReplyDecodingError) -> T {
        do {
            return try T(from: ValueDecoder(value: self, path: []))
        } catch let error as ReplyDecodingError {
            throw error
        } catch let error as DecodingError {
            // Thrown by a conformance itself (an unknown enum raw value, say).
            switch error {
            case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context),
                 .keyNotFound(_, let context):
                throw ReplyDecodingError(path: context.codingPath.map(\.stringValue), problem: context.debugDescription)
            @unknown default:
                throw ReplyDecodingError(path: [], problem: "\(error)")
            }
        } catch {
            throw ReplyDecodingError(path: [], problem: "\(error)")
        }
    }

    /// A short rendering for messages: at most 60 characters.
    var sketch: String {
        let text = serialized
        return text.count <= 60 ? text : String(text.prefix(60)) + "…"
    }
}

/// A key of a decoded object or the index of an array element, as a coding path needs it.
private struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = "[\(intValue)]"
        self.intValue = intValue
    }
}

/// What a type expects, in words, for "'x' is missing (expected …)".
private func expectation(of type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Bool.Type: "true or false"
    case is Int.Type: "a whole number"
    case is Double.Type: "a number"
    case is [String].Type: "an array of strings"
    default: "a value"
    }
}

/// A `Decoder` over a `JSONValue`. `path` names the value for messages: object keys, with an
/// array element written `routines[1]`.
private struct ValueDecoder: Decoder {
    let value: JSONValue
    let path: [String]
    var codingPath: [any CodingKey] { path.map { PathKey(stringValue: $0) } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// "'audio' should be an object, found []" for the value at `path`.
    func wrongType(_ expected: String) -> ReplyDecodingError {
        let key = path.last.map { "'\($0)' " } ?? ""
        return ReplyDecodingError(path: Array(path.dropLast()), problem: "\(key)should be \(expected), found \(value.sketch)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let members = value.object else { throw wrongType("an object") }
        return KeyedDecodingContainer(Keyed<Key>(members: members, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let elements = value.array else { throw wrongType("an array") }
        return Unkeyed(elements: elements, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    /// `value` as a `T`: the scalar types directly, anything else through its conformance.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        /// The scalar read from `value`, or the error naming what was `expected`.
        func scalar(_ read: Any?, _ expected: String) throws -> T {
            guard let read else { throw wrongType(expected) }
            return read as! T
        }
        switch type {
        case is String.Type: return try scalar(value.string, "a string")
        case is Bool.Type: return try scalar(value.bool, "true or false")
        case is Int.Type: return try scalar(value.int, "a whole number")
        case is Double.Type: return try scalar(value.double, "a number")
        case is [String].Type:
            // Named as a whole ("should be an array of strings, found [1]"), not element by element.
            let strings = value.array.flatMap { elements in elements.allSatisfy { $0.string != nil } ? elements.map { $0.string! } : nil }
            return try scalar(strings, "an array of strings")
        default:
            return try T(from: self)
        }
    }
}

private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let path: [String]
    var codingPath: [any CodingKey] { path.map { PathKey(stringValue: $0) } }
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { members[key.stringValue]?.isNull ?? true }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        // A null where a value is required reads as missing: the protocol sends null for
        // "does not apply", which a required field never is.
        guard let member = members[key.stringValue], !member.isNull else {
            throw ReplyDecodingError(path: path, problem: "'\(key.stringValue)' is missing (expected \(Self.expectation(of: type)))")
        }
        return try ValueDecoder(value: member, path: path + [key.stringValue]).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let member = members[key.stringValue], !member.isNull else { return nil }
        return try ValueDecoder(value: member, path: path + [key.stringValue]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: members[key.stringValue] ?? .null, path: path + [key.stringValue]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: members[key.stringValue] ?? .null, path: path + [key.stringValue]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(members), path: path) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, path: path + [key.stringValue])
    }

    /// The words for a missing value of `type`: the scalars by name; for a nested type, what
    /// its conformance asks for first (an object, an array), found by letting it try.
    static func expectation<T: Decodable>(of type: T.Type) -> String {
        let scalar = ReliefProtocol.expectation(of: type)
        guard scalar == "a value" else { return scalar }
        let probe = ProbeDecoder()
        _ = try? T(from: probe)
        return probe.asked.value ?? "a value"
    }
}

private struct Unkeyed: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let path: [String]
    var currentIndex = 0
    var codingPath: [any CodingKey] { path.map { PathKey(stringValue: $0) } }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], path: [String]) {
        self.elements = elements
        self.path = path
    }

    /// The decoder of the next element, named `key[index]`.
    private mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw ReplyDecodingError(path: path, problem: "has fewer than \(currentIndex + 1) elements")
        }
        let name = (path.last ?? "") + "[\(currentIndex)]"
        defer { currentIndex += 1 }
        return ValueDecoder(value: elements[currentIndex], path: path.dropLast() + [name])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct Single: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.value.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}

/// Finds out which container a type asks for first, without a value to decode.
private final class ProbeDecoder: Decoder {
    final class Asked { var value: String? }
    let asked = Asked()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    struct Stop: Error {}

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        asked.value = asked.value ?? "an object"
        throw Stop()
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        asked.value = asked.value ?? "an array"
        throw Stop()
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        asked.value = asked.value ?? "a value"
        throw Stop()
    }
}
