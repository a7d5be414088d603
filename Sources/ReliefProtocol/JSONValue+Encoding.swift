/// A reply type whose absent optionals are left out of the line rather than sent as `null`
/// (`start`'s skip reply carries only `skipped`; `cue` adds `audio` only when the device
/// cannot play). Every other type sends every key, `null` for what does not apply.
public protocol OmitsAbsentKeys {}

extension JSONValue {
    /// `value` as JSON, every key present: an optional that is nil becomes `null`, which is
    /// what the protocol promises ("every key of a reply is always present"), so the wire
    /// types need no hand-written `encode(to:)` just to send their nulls. Types marked
    /// ``OmitsAbsentKeys`` leave nil optionals out instead.
    public static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = EncodedNode()
        try node.store(value)
        return node.json
    }
}

/// A value being built; objects and arrays hold nodes, so containers handed out earlier keep
/// writing into the right place.
private final class EncodedNode {
    enum Content {
        case value(JSONValue)
        case object([String: EncodedNode])
        case array([EncodedNode])
    }

    var content = Content.value(.null)
    var omitsAbsentKeys = false

    var json: JSONValue {
        switch content {
        case .value(let value): value
        case .object(let members): .object(members.mapValues(\.json))
        case .array(let elements): .array(elements.map(\.json))
        }
    }

    /// Stores `value`: scalars directly, anything else through its conformance.
    func store<T: Encodable>(_ value: T) throws {
        switch value {
        case let text as String: content = .value(.string(text))
        case let flag as Bool: content = .value(.bool(flag))
        case let number as Double: content = .value(.number(number))
        case let number as Int: content = .value(.number(Double(number)))
        // Every other number type too: their own conformances would come back here.
        case let number as any BinaryInteger: content = .value(.number(Double(number)))
        case let number as Float: content = .value(.number(Double(number)))
        default:
            omitsAbsentKeys = T.self is any OmitsAbsentKeys.Type
            try value.encode(to: NodeEncoder(node: self))
        }
    }

    func members() -> [String: EncodedNode] {
        if case .object(let members) = content { return members }
        content = .object([:])
        return [:]
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        _ = node.members()
        return KeyedEncodingContainer(KeyedNode<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedNode(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleNode(node: node) }
}

private struct KeyedNode<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }

    private func set(_ key: Key, _ child: EncodedNode) {
        var members = node.members()
        members[key.stringValue] = child
        node.content = .object(members)
    }

    mutating func encodeNil(forKey key: Key) throws {
        set(key, EncodedNode())
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let child = EncodedNode()
        try child.store(value)
        set(key, child)
    }

    /// nil is `null` (or left out for ``OmitsAbsentKeys`` types); every optional of a
    /// synthesized conformance comes through here or one of the overloads below.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try store(value, key) }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try store(value, key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try store(value, key) }

    /// The one body of the overloads (named apart, so it cannot call itself back).
    private mutating func store<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else if !node.omitsAbsentKeys { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodedNode()
        set(key, child)
        return NodeEncoder(node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodedNode()
        set(key, child)
        return NodeEncoder(node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodedNode()
        set(key, child)
        return NodeEncoder(node: child)
    }
}

private struct UnkeyedNode: UnkeyedEncodingContainer {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }
    var count: Int {
        if case .array(let elements) = node.content { return elements.count }
        return 0
    }

    private func append(_ child: EncodedNode) {
        guard case .array(var elements) = node.content else { return }
        elements.append(child)
        node.content = .array(elements)
    }

    mutating func encodeNil() throws { append(EncodedNode()) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = EncodedNode()
        try child.store(value)
        append(child)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodedNode()
        append(child)
        return NodeEncoder(node: child).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodedNode()
        append(child)
        return NodeEncoder(node: child).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodedNode()
        append(child)
        return NodeEncoder(node: child)
    }
}

private struct SingleNode: SingleValueEncodingContainer {
    let node: EncodedNode
    var codingPath: [any CodingKey] { [] }
    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.store(value) }
}
