import FoundationEssentials
import Testing
@testable import ReliefProtocol

@Suite("JSONValue parsing")
struct JSONValueParsingTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue.parse(#" {"a":[1,-2.5,3e2,true,false,null],"b":{"c":"d"},"e":""} "#)
        #expect(value == ["a": [1, -2.5, 300, true, false, nil], "b": ["c": "d"], "e": ""])
    }

    @Test func readsAccessorsWithTheRightTypes() throws {
        let value = try JSONValue.parse(#"{"n":3,"f":1.5,"s":"x","b":true,"z":null,"l":[7]}"#)
        #expect(value["n"]?.int == 3)
        #expect(value["f"]?.int == nil)
        #expect(value["f"]?.double == 1.5)
        #expect(value["s"]?.string == "x")
        #expect(value["s"]?.double == nil)
        #expect(value["b"]?.bool == true)
        #expect(value["z"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["l"]?[0]?.int == 7)
        #expect(value["l"]?[1] == nil)
        #expect(value["l"]?.array?.count == 1)
        #expect(value.object?.count == 6)
    }

    @Test func decodesEscapesIncludingSurrogatePairs() throws {
        let value = try JSONValue.parse(#""a\"b\\c\/d\n\t\r\b\f \u00e9 \ud83d\ude00""#)
        #expect(value.string == "a\"b\\c/d\n\t\r\u{08}\u{0C} é 😀")
    }

    @Test func keepsRawUTF8() throws {
        #expect(try JSONValue.parse(#""Katze–Kuh 🐄""#).string == "Katze–Kuh 🐄")
    }

    @Test(arguments: [
        ("", "expected a value, found the end"),
        ("{", "expected a member name"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a":1,}"#, "expected a member name"),
        ("[1 2]", "expected ',' or ']'"),
        ("01", "leading zeros"),
        ("1.", "expected a digit after '.'"),
        ("-", "expected a digit"),
        ("1e", "exponent"),
        ("tru", "expected 'true'"),
        (#""abc"#, "unterminated string"),
        ("\"a\nb\"", "control character"),
        (#""\x""#, "unknown escape"),
        (#""\u12""#, "four hex digits"),
        (#""\ud800""#, "unpaired UTF-16 surrogate"),
        (#""\udc00x""#, "unpaired UTF-16 surrogate"),
        ("1 2", "unexpected text after"),
        ("nope", "expected 'null'"),
        ("x", "expected a value"),
        ("1e999", "out of range"),
    ])
    func rejectsBadTextSayingWhereAndWhy(text: String, reason: String) {
        #expect {
            _ = try JSONValue.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains(reason) == true
        }
    }

    @Test func reportsTheByteOffset() {
        #expect(throws: JSONParseError(offset: 7, reason: "expected ',' or '}' after an object member")) {
            _ = try JSONValue.parse(#"{"a":1 "b":2}"#)
        }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        #expect(throws: JSONParseError.self) {
            _ = try bytes.withUnsafeBufferPointer { try JSONValue.parse($0) }
        }
    }

    @Test func limitsNestingInsteadOfOverflowingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { _ = try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(try JSONValue.parse(fine).array?.count == 1)
    }
}

@Suite("JSONValue serialization")
struct JSONValueSerializationTests {
    @Test func writesCompactSortedJSON() {
        let value: JSONValue = ["cmd": "extend", "seconds": 10, "b": [true, nil, 1.5], "a": ["x": "y"]]
        #expect(value.serialized == #"{"a":{"x":"y"},"b":[true,null,1.5],"cmd":"extend","seconds":10}"#)
    }

    @Test func writesNumbersAPersonWouldWrite() {
        #expect(JSONValue.number(171).serialized == "171")
        #expect(JSONValue.number(-3).serialized == "-3")
        #expect(JSONValue.number(0.1).serialized == "0.1")
        #expect(JSONValue.number(1_800_000_000.123456).serialized == "1800000000.123456")
        #expect(JSONValue.number(.infinity).serialized == "null")
        #expect(JSONValue.number(.nan).serialized == "null")
    }

    @Test func escapesWhatJSONRequiresAndNeverEmitsANewline() {
        let text = JSONValue.string("a\"b\\c\nd\te\u{01}f").serialized
        #expect(text == #""a\"b\\c\nd\te\u0001f""#)
        #expect(!text.contains("\n"))
    }

    @Test(arguments: [
        #"{"ok":true,"state":"idle","step":null,"audio":{"device":"default","ok":true,"error":null}}"#,
        #"[1,2.25,"é😀",{"k":[]},{}]"#,
        #""\u0000""#,
    ])
    func roundTrips(text: String) throws {
        let value = try JSONValue.parse(text)
        #expect(try JSONValue.parse(value.serialized) == value)
    }
}

@Suite("JSONValue Codable")
struct JSONValueCodableTests {
    struct Envelope: Codable, Equatable {
        var name: String
        var extra: JSONValue
    }

    @Test func roundTripsThroughJSONEncoderAndDecoder() throws {
        let envelope = Envelope(name: "x", extra: ["flag": true, "count": 2, "list": ["a", nil], "half": 0.5])
        let data = try JSONEncoder().encode(envelope)
        #expect(try JSONDecoder().decode(Envelope.self, from: data) == envelope)
    }

    @Test func keepsBooleansApartFromNumbers() throws {
        let data = Data(#"[true, 1, 0, false]"#.utf8)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == [true, 1, 0, false])
    }

    @Test func agreesWithTheHandWrittenParser() throws {
        let text = #"{"a":[1,2.5,"s",null,{"b":false}]}"#
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) == JSONValue.parse(text))
    }
}
