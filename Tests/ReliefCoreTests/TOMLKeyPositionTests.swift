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
