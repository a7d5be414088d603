/// One D-Bus value with its type: what methods take and return, properties hold and signals
/// carry. Containers say their element types, so an empty array still has a signature.
public indirect enum BusValue: Sendable, Equatable {
    case byte(UInt8)
    case bool(Bool)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case string(String)
    case objectPath(String)
    case signature(String)
    /// An array whose elements have the signature `elementType` (e.g. "s", "(ii)").
    case array(elementType: String, [BusValue])
    /// A dictionary `a{KV}`; entries keep their order.
    case dictionary(keyType: String, valueType: String, [DictionaryEntry])
    case structure([BusValue])
    case variant(BusValue)

    /// A key and its value in a `dictionary`.
    public struct DictionaryEntry: Sendable, Equatable {
        public var key: BusValue
        public var value: BusValue
        public init(_ key: BusValue, _ value: BusValue) {
            self.key = key
            self.value = value
        }
    }

    /// The D-Bus type signature of this value (one complete type).
    public var signature: String {
        switch self {
        case .byte: "y"
        case .bool: "b"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .int64: "x"
        case .uint64: "t"
        case .double: "d"
        case .string: "s"
        case .objectPath: "o"
        case .signature: "g"
        case .array(let element, _): "a" + element
        case .dictionary(let key, let value, _): "a{" + key + value + "}"
        case .structure(let fields): "(" + fields.map(\.signature).joined() + ")"
        case .variant: "v"
        }
    }

    /// `a{sv}`, the usual "named values" shape (MPRIS Metadata, PropertiesChanged), sorted by key.
    public static func namedValues(_ values: [String: BusValue]) -> BusValue {
        .dictionary(keyType: "s", valueType: "v",
                    values.sorted { $0.key < $1.key }.map { DictionaryEntry(.string($0.key), .variant($0.value)) })
    }

    /// `as`.
    public static func strings(_ values: [String]) -> BusValue {
        .array(elementType: "s", values.map(BusValue.string))
    }

    /// The text of a string, object path or signature (looking through variants).
    public var text: String? {
        switch self {
        case .string(let text), .objectPath(let text), .signature(let text): text
        case .variant(let inner): inner.text
        default: nil
        }
    }

    /// The truth of a bool (looking through variants).
    public var boolValue: Bool? {
        switch self {
        case .bool(let value): value
        case .variant(let inner): inner.boolValue
        default: nil
        }
    }

    /// Any integer as an Int64 (looking through variants; a uint64 above Int64.max is nil).
    public var integer: Int64? {
        switch self {
        case .byte(let value): Int64(value)
        case .int16(let value): Int64(value)
        case .uint16(let value): Int64(value)
        case .int32(let value): Int64(value)
        case .uint32(let value): Int64(value)
        case .int64(let value): value
        case .uint64(let value): Int64(exactly: value)
        case .variant(let inner): inner.integer
        default: nil
        }
    }

    /// The content of a variant (itself otherwise).
    public var unwrapped: BusValue {
        if case .variant(let inner) = self { return inner.unwrapped }
        return self
    }

    /// A dictionary with string keys as a Swift dictionary (values unwrapped from variants);
    /// nil for anything else.
    public var namedValues: [String: BusValue]? {
        guard case .dictionary(_, _, let entries) = unwrapped else { return nil }
        var result: [String: BusValue] = [:]
        for entry in entries {
            guard let key = entry.key.text else { return nil }
            result[key] = entry.value.unwrapped
        }
        return result
    }

    /// The elements of an array (looking through variants).
    public var elements: [BusValue]? {
        if case .array(_, let elements) = unwrapped { return elements }
        return nil
    }
}
