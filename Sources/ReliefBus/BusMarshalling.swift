import CSystemd
import Glibc

/// Writes `BusValue`s into sd-bus messages and reads them back, through the non-variadic
/// calls (`sd_bus_message_append_basic`, `open_container`, `read_basic`, `enter_container`).
enum BusMarshalling {
    /// Appends `value` (any complete type) to `message`.
    static func append(_ value: BusValue, to message: OpaquePointer) throws(BusError) {
        let result: Int32
        switch value {
        case .byte(let v): result = basic(message, "y", v)
        case .bool(let v): result = basic(message, "b", Int32(v ? 1 : 0))
        case .int16(let v): result = basic(message, "n", v)
        case .uint16(let v): result = basic(message, "q", v)
        case .int32(let v): result = basic(message, "i", v)
        case .uint32(let v): result = basic(message, "u", v)
        case .int64(let v): result = basic(message, "x", v)
        case .uint64(let v): result = basic(message, "t", v)
        case .double(let v): result = basic(message, "d", v)
        case .string(let text): result = text.withCString { sd_bus_message_append_basic(message, code("s"), $0) }
        case .objectPath(let text): result = text.withCString { sd_bus_message_append_basic(message, code("o"), $0) }
        case .signature(let text): result = text.withCString { sd_bus_message_append_basic(message, code("g"), $0) }
        case .array(let elementType, let elements):
            try container(message, "a", elementType) { () throws(BusError) in
                for element in elements { try append(element, to: message) }
            }
            return
        case .dictionary(let keyType, let valueType, let entries):
            try container(message, "a", "{" + keyType + valueType + "}") { () throws(BusError) in
                for entry in entries {
                    try container(message, "e", keyType + valueType) { () throws(BusError) in
                        try append(entry.key, to: message)
                        try append(entry.value, to: message)
                    }
                }
            }
            return
        case .structure(let fields):
            try container(message, "r", fields.map(\.signature).joined()) { () throws(BusError) in
                for field in fields { try append(field, to: message) }
            }
            return
        case .variant(let inner):
            try container(message, "v", inner.signature) { () throws(BusError) in try append(inner, to: message) }
            return
        }
        if result < 0 { throw BusError.errno(result, "cannot append a \(value.signature) value") }
    }

    /// Appends each of `values`.
    static func append(_ values: [BusValue], to message: OpaquePointer) throws(BusError) {
        for value in values { try append(value, to: message) }
    }

    /// Reads every value left at the current level of `message`.
    static func readAll(_ message: OpaquePointer) throws(BusError) -> [BusValue] {
        var values: [BusValue] = []
        while let value = try readNext(message) { values.append(value) }
        return values
    }

    /// Reads the next value, or nil at the end of the current level.
    static func readNext(_ message: OpaquePointer) throws(BusError) -> BusValue? {
        var type: CChar = 0
        var contents: UnsafePointer<CChar>?
        let peeked = sd_bus_message_peek_type(message, &type, &contents)
        if peeked < 0 { throw BusError.errno(peeked, "cannot read a message") }
        if peeked == 0 { return nil }
        let inner = contents.map { String(cString: $0) } ?? ""
        switch UInt8(bitPattern: type) {
        case UInt8(ascii: "a"), UInt8(ascii: "v"), UInt8(ascii: "r"), UInt8(ascii: "e"):
            return try readContainer(message, type: type, contents: inner)
        case UInt8(ascii: "s"), UInt8(ascii: "o"), UInt8(ascii: "g"):
            var text: UnsafePointer<CChar>?
            try check(sd_bus_message_read_basic(message, type, &text))
            let string = text.map { String(cString: $0) } ?? ""
            switch UInt8(bitPattern: type) {
            case UInt8(ascii: "o"): return .objectPath(string)
            case UInt8(ascii: "g"): return .signature(string)
            default: return .string(string)
            }
        case UInt8(ascii: "y"): return .byte(try readBasic(message, type, UInt8(0)))
        case UInt8(ascii: "b"): return .bool(try readBasic(message, type, Int32(0)) != 0)
        case UInt8(ascii: "n"): return .int16(try readBasic(message, type, Int16(0)))
        case UInt8(ascii: "q"): return .uint16(try readBasic(message, type, UInt16(0)))
        case UInt8(ascii: "i"): return .int32(try readBasic(message, type, Int32(0)))
        case UInt8(ascii: "u"): return .uint32(try readBasic(message, type, UInt32(0)))
        case UInt8(ascii: "x"): return .int64(try readBasic(message, type, Int64(0)))
        case UInt8(ascii: "t"): return .uint64(try readBasic(message, type, UInt64(0)))
        case UInt8(ascii: "d"): return .double(try readBasic(message, type, Double(0)))
        case UInt8(ascii: "h"):
            // A file descriptor: its number only means something while the message lives.
            return .int32(try readBasic(message, type, Int32(-1)))
        default:
            throw BusError.invalidArguments("unsupported D-Bus type '\(Character(UnicodeScalar(UInt8(bitPattern: type))))'")
        }
    }

    private static func readContainer(_ message: OpaquePointer, type: CChar, contents: String) throws(BusError) -> BusValue {
        try check(contents.withCString { sd_bus_message_enter_container(message, type, $0) })
        let values = try readAll(message)
        try check(sd_bus_message_exit_container(message))
        switch UInt8(bitPattern: type) {
        case UInt8(ascii: "v"):
            return .variant(values.first ?? .structure([]))
        case UInt8(ascii: "r"), UInt8(ascii: "e"):
            return .structure(values)
        default:
            if contents.hasPrefix("{") {
                // Entries come back as two-field structures; the key is always a basic type.
                let body = contents.dropFirst().dropLast()
                let keyType = String(body.prefix(1)), valueType = String(body.dropFirst())
                let entries = values.compactMap { value -> BusValue.DictionaryEntry? in
                    guard case .structure(let pair) = value, pair.count == 2 else { return nil }
                    return BusValue.DictionaryEntry(pair[0], pair[1])
                }
                return .dictionary(keyType: keyType, valueType: valueType, entries)
            }
            return .array(elementType: contents, values)
        }
    }

    private static func container(_ message: OpaquePointer, _ type: Character, _ contents: String,
                                  _ body: () throws(BusError) -> Void) throws(BusError) {
        try check(contents.withCString { sd_bus_message_open_container(message, code(type), $0) })
        try body()
        try check(sd_bus_message_close_container(message))
    }

    private static func basic<T>(_ message: OpaquePointer, _ type: Character, _ value: T) -> Int32 {
        withUnsafePointer(to: value) { sd_bus_message_append_basic(message, code(type), UnsafeRawPointer($0)) }
    }

    private static func readBasic<T>(_ message: OpaquePointer, _ type: CChar, _ initial: T) throws(BusError) -> T {
        var value = initial
        try check(withUnsafeMutablePointer(to: &value) { sd_bus_message_read_basic(message, type, UnsafeMutableRawPointer($0)) })
        return value
    }

    private static func code(_ type: Character) -> CChar { CChar(bitPattern: type.asciiValue ?? 0) }

    private static func check(_ result: Int32) throws(BusError) {
        if result < 0 { throw BusError.errno(result, "malformed D-Bus message") }
    }
}
