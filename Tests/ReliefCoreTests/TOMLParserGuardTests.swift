import ReliefCore
import Testing

/// Routine texts that used to abort the process inside TOMLKit's toml++ (found by the
/// malformed-input run of `make bench`) are refused with a located problem instead.
struct TOMLParserGuardTests {
    static func problems(_ text: String) -> [RoutineProblem] {
        do {
            _ = try RoutineFile.parse(text, file: "bad.toml", expectedName: nil)
            return []
        } catch {
            return error.problems
        }
    }

    @Test(arguments: ["[\r\n[steps]]\n", "[\n", "[ \r\n", "[[[x]]]\n", "[.a]\n", "[#]\n", "[=]\n", "[é]\n", "name = \"x\"\n\n[[\n"])
    func headerWithoutANameIsAProblemNotACrash(text: String) {
        let found = Self.problems(text)
        #expect(found.count == 1)
        #expect(found.first?.message == "a table header must start with its name right after the bracket")
        #expect(found.first?.line != nil)
    }

    @Test func dateWithoutATimeIsAProblemNotACrash() {
        let found = Self.problems("name = \"x\"\nhold = 1979-05-27To7:32:00Z\n")
        #expect(found.first?.message == "a date-time has no time after its T")
        #expect(found.first?.line == 2)
        #expect(found.first?.column == 8)
    }

    @Test func closingBraceInsideAnArrayIsAProblemNotACrash() {
        let found = Self.problems("sides = [\"left\",\n}]\n")
        #expect(found.first?.message == "a } inside an array closes nothing")
        #expect(found.first?.line == 2)
    }

    @Test func bracketsInsideStringsArraysAndCommentsAreLeftToTheParser() {
        // A `[!]` line in a multi-line string, nested arrays, inline tables in arrays and a
        // commented-out header are not headers: the guard stays quiet, the decoder decides.
        let text = """
            name = "x"
            title = "X"
            summary = "s"
            cautions = [
              "a",
            ]
            # [
            x = [[1], [{ a = 1 }]]
            [[steps]]
            name = "Hold"
            how = \"\"\"
            [!] keep breathing
            \"\"\"
            hold = 20
            """
        let messages = Self.problems(text).map(\.message)
        #expect(!messages.contains("a table header must start with its name right after the bracket"))
        #expect(!messages.contains("a } inside an array closes nothing"))
    }
}
