import Foundation
import Testing
@testable import ReliefCore

/// The smallest valid routine; tests append to or edit it.
let minimalRoutine = """
    name = "t"
    title = "Test"
    summary = "A test routine."

    [[steps]]
    name = "Only step"
    how = "Do it."
    hold = 30

    """

/// Parses `text` as file `t.toml` and returns its problems (empty when it is valid).
func routineProblems(in text: String, expectedName: String? = "t") -> [RoutineProblem] {
    do throws(RoutineFileError) {
        _ = try RoutineFile.parse(text, file: "t.toml", expectedName: expectedName)
        return []
    } catch {
        return error.problems
    }
}

/// The problems of `text` as printed by `reliefd check`.
func printedProblems(in text: String, expectedName: String? = "t") -> [String] {
    routineProblems(in: text, expectedName: expectedName).map(\.description)
}

@Suite("Routine files: valid input")
struct ValidRoutineFileTests {
    @Test func minimalFileGetsTheDefaults() throws {
        let routine = try RoutineFile.parse(minimalRoutine, file: "t.toml", expectedName: "t")
        #expect(routine.name == "t")
        #expect(routine.title == "Test")
        #expect(routine.summary == "A test routine.")
        #expect(routine.cautions == [])
        let step = try #require(routine.steps.first)
        #expect(step.name == "Only step")
        #expect(step.how == "Do it.")
        #expect(step.prepare == RoutineFormat.Defaults.prepare)
        #expect(step.release == RoutineFormat.Defaults.release)
        #expect(step.action == .hold(seconds: 30, countdown: RoutineFormat.Defaults.countdown))
        #expect(step.reps == 1)
        #expect(step.rest == 0)
        #expect(step.sides == [])
    }

    @Test func integersAndDecimalsAreBothSeconds() throws {
        let text = """
            name = "t"
            title = "Test"
            summary = "Every key."
            cautions = ["Careful.", "Very careful."]

            [[steps]]
            name = "Hold"
            how = "Hold it."
            prepare = 7.5
            hold = 22.5
            countdown = 5
            release = 4
            reps = 3
            rest = 12.25
            sides = ["left", "right"]

            [[steps]]
            name = "Breathe"
            how = "Breathe."
            prepare = 6
            inhale = 4
            exhale = 6.5
            pause = 1.5
            reps = 10
            release = 2.0
            """
        let routine = try RoutineFile.parse(text, file: "t.toml", expectedName: "t")
        #expect(routine.cautions == ["Careful.", "Very careful."])
        #expect(routine.steps[0] == Step(name: "Hold", how: "Hold it.", prepare: 7.5,
                                         action: .hold(seconds: 22.5, countdown: 5), release: 4,
                                         reps: 3, rest: 12.25, sides: ["left", "right"]))
        #expect(routine.steps[1] == Step(name: "Breathe", how: "Breathe.", prepare: 6,
                                         action: .breathe(inhale: 4, exhale: 6.5, pause: 1.5),
                                         release: 2, reps: 10))
    }

    @Test func wholeDecimalsCountAsWholeNumbers() throws {
        let text = minimalRoutine + "reps = 2.0\ncountdown = 4.0\n"
        let step = try #require(try RoutineFile.parse(text, file: "t.toml", expectedName: "t").steps.first)
        #expect(step.reps == 2)
        #expect(step.action == .hold(seconds: 30, countdown: 4))
    }

    @Test func boundsAreInclusive() throws {
        let text = minimalRoutine.replacingOccurrences("hold = 30", with: """
            hold = 3600
            prepare = 300
            release = 1
            rest = 600
            reps = 100
            countdown = 10
            """)
        #expect(routineProblems(in: text) == [])
    }

    @Test func nameCheckIsSkippedWithoutAnExpectedName() {
        #expect(routineProblems(in: minimalRoutine, expectedName: nil) == [])
    }

    @Test func inlineTablesAndQuotedKeysAreValidToo() throws {
        let text = """
            "name" = "t"
            title = 'Literal title'
            summary = \"\"\"
            A multi-line
            summary.\"\"\"
            steps = [
              { name = "A", how = "Do A.", hold = 10 },
              { name = "B", how = "Do B.", inhale = 3, exhale = 3, reps = 2 },
            ]
            """
        let routine = try RoutineFile.parse(text, file: "t.toml", expectedName: "t")
        #expect(routine.title == "Literal title")
        #expect(routine.summary == "A multi-line\nsummary.")
        #expect(routine.steps.map(\.name) == ["A", "B"])
    }
}

extension String {
    /// Replaces `target` once, failing the test when it is absent.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else {
            Issue.record("\(target) not found")
            return self
        }
        return replacingCharacters(in: range, with: replacement)
    }
}
