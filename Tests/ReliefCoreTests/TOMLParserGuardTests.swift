import ReliefCore
import Testing

/// Routine texts that used to abort the process inside toml++ (found by the
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

    @Test(arguments: [String(repeating: "a.", count: 40_000) + "a = 1\n",
                      "[" + String(repeating: "a.", count: 100) + "a]\n",
                      String(repeating: "1.", count: 100) + "1 = 1\n",
                      "x = { " + String(repeating: "a.", count: 100) + "a = 1 }\n"])
    func aDeepDottedKeyIsAProblemBeforeToml(text: String) {
        let found = Self.problems(text)
        #expect(found.count == 1)
        #expect(found.first?.message == "a dotted key has more than 64 parts")
        #expect(found.first?.line == 1)
    }

    @Test func deeplyNestedValuesAreAProblemBeforeToml() {
        let found = Self.problems("x = " + String(repeating: "[", count: 5_000) + "\n")
        #expect(found.first?.message == "arrays or inline tables are nested more than 64 deep")
    }

    @Test func ordinaryDottedKeysAndDecimalsPass() {
        let text = "audio.volume = 0.5\nx = { a.b = 1.25, c = [1.5, 2.5] }\n[a.b.c]\nd = 1979-05-27T07:32:00Z\n"
        #expect(TOMLParserGuardProbe.problem(text) == nil)
    }
}

/// The guard alone, for texts that are valid TOML but not routines.
enum TOMLParserGuardProbe {
    static func problem(_ text: String) -> String? {
        do {
            _ = try TOMLInput.parse(text, file: "t.toml", example: "")
            return nil
        } catch {
            return error.message
        }
    }
}
