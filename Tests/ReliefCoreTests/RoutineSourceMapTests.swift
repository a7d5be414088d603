import Testing
import ReliefProtocol
@testable import ReliefCore

@Suite("Source locator")
struct RoutineSourceMapTests {
    typealias Position = RoutineSourceMap.Position

    @Test func findsTopLevelKeysAndStepKeys() {
        let map = sourceMap( """
            # A comment with hold = 5 in it
            name = "x"
              title = "y"   # trailing comment

            [[steps]]
            hold = 1
            [[ steps ]]
            \thold = 2
            """)
        #expect(map.position(ofTopLevel: "name") == Position(line: 2, column: 1))
        #expect(map.position(ofTopLevel: "title") == Position(line: 3, column: 3))
        #expect(map.position(ofTopLevel: "hold") == nil)
        // A key written in a header is where its name is, after the brackets.
        #expect(map.position(ofTopLevel: "steps") == Position(line: 5, column: 3))
        #expect(map.position(ofStep: 0) == Position(line: 5, column: 1))
        #expect(map.position(ofStep: 0, key: "hold") == Position(line: 6, column: 1))
        #expect(map.position(ofStep: 1) == Position(line: 7, column: 1))
        #expect(map.position(ofStep: 1, key: "hold") == Position(line: 8, column: 2))
        #expect(map.position(ofStep: 2) == nil)
    }

    @Test func multiLineStringsAndArraysHideWhatLooksLikeKeys() {
        let map = sourceMap( #"""
            summary = """
            [[steps]]
            hold = 99 "" \"""
            """
            cautions = [
              "one = 1",
              'two ]', # comment ]
            ]
            raw = '''
            [[steps]]'''
            [[steps]]
            how = "a \" [[steps]]"
            reps = 2
            """#)
        #expect(map.position(ofTopLevel: "cautions") == Position(line: 5, column: 1))
        #expect(map.position(ofTopLevel: "raw") == Position(line: 9, column: 1))
        #expect(map.position(ofStep: 0) == Position(line: 11, column: 1))
        #expect(map.position(ofStep: 0, key: "reps") == Position(line: 13, column: 1))
        #expect(map.position(ofStep: 1) == nil)
        #expect(map.position(ofTopLevel: "one") == nil)
    }

    @Test func quotedAndDottedKeysAndOtherTables() {
        let map = sourceMap( """
            "name" = "x"
            'title'.sub = 1
            [extra]
            name = "not top level"
            [[steps]]
            "how" = "h"
            [steps.detail]
            hold = 1
            """)
        #expect(map.position(ofTopLevel: "name") == Position(line: 1, column: 1))
        #expect(map.position(ofTopLevel: "title") == Position(line: 2, column: 1))
        #expect(map.position(ofTopLevel: "extra") == Position(line: 3, column: 2))
        #expect(map.position(ofStep: 0, key: "how") == Position(line: 6, column: 1))
        #expect(map.position(ofStep: 0, key: "detail") == Position(line: 7, column: 8))
        #expect(map.position(ofStep: 0, key: "hold") == nil)
    }

    @Test func columnsCountCharactersAndCRLFLinesWork() {
        let map = sourceMap( "title = \"Ünïcode ✓\"\r\n[[steps]]\r\n  name = \"é\"\r\n")
        #expect(map.position(ofStep: 0) == Position(line: 2, column: 1))
        #expect(map.position(ofStep: 0, key: "name") == Position(line: 3, column: 3))
    }

    @Test func problemsInsideAMultiLineFileAreLocatedAfterIt() {
        let text = #"""
            name = "t"
            title = "T"
            summary = """
            Looks like a step:
            [[steps]]
            hold = -1
            """

            [[steps]]
            name = "A"
            how = "Do A."
            hold = -2
            """#
        #expect(routineProblems(in: text).map { "\($0.line ?? 0):\($0.column ?? 0)" } == ["12:1"])
    }

    @Test func keysOfInlineStepsAreLocatedToo() {
        let text = """
            name = "t"
            title = "T"
            summary = "S"
            steps = [{ name = "A", how = "Do A.", hold = -1 }]
            """
        #expect(printedProblems(in: text) == [
            "t.toml:4:39: error: steps[1].hold: -1 is negative; give the hold time in seconds, 1 ≤ hold ≤ 3600",
        ])
    }

    /// The map of a text through the front door, as RoutineFile builds it.
    private func sourceMap(_ text: String) -> RoutineSourceMap {
        RoutineSourceMap(try! TOMLInput.parse(text, file: "t.toml", example: ""))
    }

    @Test func suggestionsCatchTyposCaseAndSynonymsOnly() {
        let keys = RoutineFormat.stepKeys
        #expect(KeySuggestion.suggestion(for: "hodl", among: keys) == "hold")
        #expect(KeySuggestion.suggestion(for: "hld", among: keys) == "hold")
        #expect(KeySuggestion.suggestion(for: "HOLD", among: keys) == "hold")
        #expect(KeySuggestion.suggestion(for: "exhail", among: keys) == "exhale")
        #expect(KeySuggestion.suggestion(for: "side", among: keys) == "sides")
        #expect(KeySuggestion.suggestion(for: "duration", among: keys) == "hold")
        #expect(KeySuggestion.suggestion(for: "colour", among: keys) == nil)
        #expect(KeySuggestion.suggestion(for: "ab", among: keys) == nil)
        #expect(Suggestion.editDistance("", "abc") == 3)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }
}
