import FoundationEssentials

/// The framing of the control protocol: one JSON object per line, UTF-8, `\n`-terminated.
///
/// Both sides use these helpers so that encoding choices (no escaped slashes, µs-rounded
/// instants) are made in one place.
public enum Wire {
    /// The longest request line a server accepts, without its newline: 64 KiB.
    public static let maximumLineLength = 64 * 1024

    /// The protocol and daemon version reported by `ping`.
    public static let version = "0.1.0"

    /// Encodes `value` as one line, newline included. Keys are sorted, so the same value
    /// always gives the same bytes (tests and scripts can compare lines).
    public static func line(_ value: some Encodable) throws -> [UInt8] {
        // Through JSONValue, so every absent optional is sent as null (OmitsAbsentKeys aside);
        // JSONEncoder then writes the text (escapes, number forms) as it always has.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = roundingNumbers([UInt8](try encoder.encode(JSONValue.encoding(value))))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// `json` with every number that has a fraction rounded to the protocol's µs precision:
    /// `"elapsed":3.0000010000003385` becomes `3.000001`, `0.30000000000000004` becomes `0.3`.
    ///
    /// Sums of routine seconds and clock readings carry float noise that no client can use; one
    /// pass over the encoded line rounds them all, whatever type they came from. Text inside
    /// strings is never touched.
    public static func roundingNumbers(_ json: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var copied = 0  // json[..<copied] is in result (once something was rewritten)
        var index = 0
        var inString = false
        while index < json.count {
            let byte = json[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else {
                index += 1
                continue
            }
            let start = index
            var hasFraction = false
            while index < json.count, isNumberByte(json[index]) {
                let scalar = json[index]
                if scalar == UInt8(ascii: ".") || scalar == UInt8(ascii: "e") || scalar == UInt8(ascii: "E") { hasFraction = true }
                index += 1
            }
            guard hasFraction, let value = Double(String(decoding: json[start..<index], as: UTF8.self)) else { continue }
            let text = microsecondText(value)
            guard !text.utf8.elementsEqual(json[start..<index]) else { continue }
            if result.isEmpty { result.reserveCapacity(json.count) }
            result.append(contentsOf: json[copied..<start])
            result.append(contentsOf: text.utf8)
            copied = index
        }
        if copied == 0 { return json }
        result.append(contentsOf: json[copied...])
        return result
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"): true
        default: false
        }
    }

    /// `value` rounded to µs, as JSON: whole numbers without a fraction.
    static func microsecondText(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return value.isFinite ? String(value) : "null" }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        return String(rounded)
    }

    /// Decodes one request line (without its newline); every failure is a `ProtocolError`
    /// (`bad-request` or `unknown-command`) whose message says what was wrong.
    public static func request(from line: some Collection<UInt8>) throws(ProtocolError) -> Request {
        var bytes = Array(line)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }  // tolerate CRLF clients
        guard bytes.contains(where: { !isJSONWhitespace($0) }) else {
            throw ProtocolError(.badRequest, "empty request: send one JSON object per line, such as {\"cmd\":\"ping\"}")
        }
        // Checked first: invalid UTF-8 inside a string made the decoder say "\"cmd\" must be a string".
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ProtocolError(.badRequest, "the request is not UTF-8 text: send one JSON object per line, such as {\"cmd\":\"ping\"}")
        }
        do {
            return try JSONDecoder().decode(Request.self, from: Data(bytes))
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw ProtocolError(.badRequest, "the request is not valid JSON: send one object per line, such as {\"cmd\":\"ping\"}")
        }
    }

    /// Decodes a reply or event line into `type`.
    public static func decode<T: Decodable>(_ type: T.Type, from line: some Collection<UInt8>) throws -> T {
        try JSONDecoder().decode(type, from: Data(line))
    }

    /// A wall-clock instant rounded to the protocol's microsecond precision.
    public static func unix(_ seconds: Double) -> Double {
        (seconds * 1_000_000).rounded() / 1_000_000
    }

    /// A number as a person reads it in messages: `10` rather than `10.0`.
    public static func number(_ value: Double) -> String {
        if value.isFinite, value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// A success reply line: `{"ok":true, …fields of Body…}`.
///
/// The body's keys sit beside `ok` at the top level, as in every reply of the protocol.
public struct Reply<Body: Codable & Sendable>: Codable, Sendable {
    /// The command-specific fields.
    public var body: Body

    /// Wraps `body` in a success reply.
    public init(_ body: Body) { self.body = body }

    enum Key: String, CodingKey { case ok }

    /// Decodes a success reply; an error reply throws its `ProtocolError`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if try c.decode(Bool.self, forKey: .ok) == false {
            throw try ProtocolError(from: decoder)
        }
        body = try Body(from: decoder)
    }

    /// Encodes `"ok":true` followed by the body's fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(true, forKey: .ok)
        try body.encode(to: encoder)
    }
}

extension Reply: OmitsAbsentKeys where Body: OmitsAbsentKeys {}
