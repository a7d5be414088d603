import Testing
@testable import ReliefCore

/// Where keys are written, as the TOML front door reports them for reliefd.toml problems.
struct TOMLKeyPositionTests {
    typealias Position = TOMLPosition

    private func document(_ text: String) -> TOMLDocument {
        try! TOMLInput.parse(text, file: "reliefd.toml", example: "")
    }

    @Test func findsHeadersAndKeysInTheirTables() {
        let locator = document( """
        # comment with [audio] and volume = 1
        [breaks]
        routine = "x"

          [ audio ]
        \tvolume=0.5
        """)
        #expect(locator.position(of: ["breaks"]) == Position(line: 2, column: 2))
        #expect(locator.position(of: ["breaks", "routine"]) == Position(line: 3, column: 1))
        #expect(locator.position(of: ["audio"]) == Position(line: 5, column: 5))
        #expect(locator.position(of: ["audio", "volume"]) == Position(line: 6, column: 2))
        // A key of the wrong table is not found there.
        #expect(locator.position(of: ["breaks", "volume"]) == Position(line: 2, column: 2))
        #expect(locator.position(of: ["voice"]) == nil)
    }

    @Test func quotedAndDottedKeys() {
        let locator = document( """
        "audio" . 'device' = "hw:1"
        [voice]
        "rate" = 100
        sub.key = 1
        """)
        #expect(locator.position(of: ["audio", "device"]) == Position(line: 1, column: 1))
        #expect(locator.position(of: ["audio"]) == Position(line: 1, column: 1))
        #expect(locator.position(of: ["voice", "rate"]) == Position(line: 3, column: 1))
        #expect(locator.position(of: ["voice", "sub", "key"]) == Position(line: 4, column: 1))
    }

    @Test func inlineTablesIncludingNestedOnes() {
        let locator = document( #"voice = { enabled = true, "rate" = 5, extra = { deep = "a,b" }, list = [1, 2] }"#)
        #expect(locator.position(of: ["voice"]) == Position(line: 1, column: 1))
        #expect(locator.position(of: ["voice", "enabled"]) == Position(line: 1, column: 11))
        #expect(locator.position(of: ["voice", "rate"]) == Position(line: 1, column: 27))
        #expect(locator.position(of: ["voice", "extra", "deep"]) == Position(line: 1, column: 49))
        #expect(locator.position(of: ["voice", "list"]) == Position(line: 1, column: 65))
    }

    @Test func multiLineStringsAreSkipped() {
        let locator = document( """
        [audio]
        device = \"\"\"
        [breaks]
        routine = "not really"
        \"\"\"
        volume = 1
        """)
        #expect(locator.position(of: ["breaks"]) == nil)
        #expect(locator.position(of: ["audio", "volume"]) == Position(line: 6, column: 1))
    }

    @Test func arrayTablesAndWindowsLineEndings() {
        let locator = document( "[[steps]]\r\nname = \"a\"\r\n[audio]\r\nvolume = 2\r\n")
        #expect(locator.position(of: ["steps"]) == Position(line: 1, column: 3))
        #expect(locator.position(of: ["steps", "name"]) == Position(line: 2, column: 1))
        #expect(locator.position(of: ["audio", "volume"]) == Position(line: 4, column: 1))
    }
}

/// What the front door hands on from toml++: every kind of value, and where values begin.
struct TOMLDocumentTests {
    @Test func valuesKeepTheirKindAndPosition() throws {
        let document = try TOMLInput.parse("""
            text = "é ✓"
            whole = -3
            decimal = 2.5
            flag = true
            day = 1979-05-27
            list = [1, "two"]
            [[steps]]
            hold = 5
            """, file: "t.toml", example: "")
        let root = document.root
        #expect(root.keys == ["day", "decimal", "flag", "list", "steps", "text", "whole"])
        #expect(root["text"]?.string == "é ✓")
        #expect(root["whole"]?.int == -3 && root["whole"]?.double == nil)
        #expect(root["decimal"]?.double == 2.5 && root["decimal"]?.int == nil)
        #expect(root["flag"]?.bool == true)
        #expect(root["day"]?.type == .date)
        #expect(root["list"]?.array?.map(\.type) == [.int, .string])
        #expect(root["list"]?.array?.last?.position == TOMLPosition(line: 6, column: 12))
        #expect(root["whole"]?.position == TOMLPosition(line: 2, column: 9))
        #expect(root["steps"]?.array?.first?.position == TOMLPosition(line: 7, column: 1))
        #expect(root["steps"]?.array?.first?.table?["hold"]?.int == 5)
        #expect(root["missing"] == nil)
    }

    @Test func aSyntaxErrorSaysWhereAndWhat() {
        #expect(throws: RoutineProblem.self) { try TOMLInput.parse("a = 1\nb = \n", file: "t.toml", example: "see x") }
        do {
            _ = try TOMLInput.parse("a = 1\nb = \n", file: "t.toml", example: "see x")
        } catch {
            #expect(error.line == 2 && error.column == 5)  // the newline where a value should be
            #expect(error.message.hasPrefix("not valid TOML: "))
        }
    }

    @Test func anEmptyTextIsAnEmptyTable() throws {
        #expect(try TOMLInput.parse("", file: "t.toml", example: "").root.keys.isEmpty)
        #expect(try TOMLInput.parse("# only a comment\n", file: "t.toml", example: "").root.keys.isEmpty)
    }
}
