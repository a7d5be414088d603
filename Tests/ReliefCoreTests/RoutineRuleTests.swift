import Testing
@testable import ReliefCore

/// A routine `t` whose only step (header on line 5) has `body` from line 6 on.
func routineText(step body: String) -> String {
    """
    name = "t"
    title = "Test"
    summary = "A test routine."

    [[steps]]
    \(body)

    """
}

@Suite("Routine files: every rule, with line, column and message")
struct RoutineRuleTests {
    // MARK: Times

    @Test func negativeHoldIsReportedWithPositionKeyAndValidRange() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = -5")
        #expect(printedProblems(in: text) == [
            "t.toml:8:1: error: steps[1].hold: -5 is negative; give the hold time in seconds, 1 ≤ hold ≤ 3600",
        ])
    }

    @Test func absurdTimesAreTooLongOrTooShort() {
        let text = routineText(step: """
            name = "A"
            how = "Do A."
            hold = 36000
              prepare = 0
            release = 301
            rest = 600.5
            """)
        #expect(printedProblems(in: text) == [
            "t.toml:8:1: error: steps[1].hold: 36000 is too long; give the hold time in seconds, 1 ≤ hold ≤ 3600",
            "t.toml:9:3: error: steps[1].prepare: 0 is too short; give the time to get into position in seconds, 1 ≤ prepare ≤ 300",
            "t.toml:10:1: error: steps[1].release: 301 is too long; give the time to come out of the position in seconds, 1 ≤ release ≤ 300",
            "t.toml:11:1: error: steps[1].rest: 600.5 is too long; give the rest between repetitions in seconds, 0 ≤ rest ≤ 600",
        ])
    }

    @Test func heatOrColdLengthHoldsAreAllowed() {
        let text = routineText(step: "name = \"Heat\"\nhow = \"Rest the pad on your back.\"\nhold = 1200")
        #expect(routineProblems(in: text) == [])
    }

    @Test func nonFiniteTimesAreRejected() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = nan\nrest = inf")
        #expect(printedProblems(in: text) == [
            "t.toml:8:1: error: steps[1].hold: nan is not a finite number; give the hold time in seconds, 1 ≤ hold ≤ 3600",
            "t.toml:9:1: error: steps[1].rest: inf is not a finite number; give the rest between repetitions in seconds, 0 ≤ rest ≤ 600",
        ])
    }

    @Test func breathingTimesHaveTheirOwnBounds() {
        let text = routineText(step: "name = \"B\"\nhow = \"Breathe.\"\ninhale = 0.5\nexhale = 31\npause = -1")
        #expect(printedProblems(in: text) == [
            "t.toml:8:1: error: steps[1].inhale: 0.5 is too short; give the inhale in seconds, 1 ≤ inhale ≤ 30",
            "t.toml:9:1: error: steps[1].exhale: 31 is too long; give the exhale in seconds, 1 ≤ exhale ≤ 30",
            "t.toml:10:1: error: steps[1].pause: -1 is negative; give the pause after each exhale in seconds, 0 ≤ pause ≤ 30",
        ])
    }

    // MARK: Countdown and reps

    @Test func defaultCountdownLongerThanAShortHoldPointsAtTheHold() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 2")
        #expect(printedProblems(in: text) == [
            "t.toml:8:1: error: steps[1].hold: the default countdown of 3 ticks is not shorter than the 2 s hold; "
                + "add countdown = 0 (no ticks) or a countdown below 2",
        ])
    }

    @Test func explicitCountdownLongerThanTheHoldPointsAtTheCountdown() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 5\ncountdown = 5")
        #expect(printedProblems(in: text) == [
            "t.toml:9:1: error: steps[1].countdown: 5 ticks is not shorter than the 5 s hold; give a countdown below 5, or 0 for no ticks",
        ])
    }

    @Test func countdownMustBeAWholeNumberInRange() {
        let fractional = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 30\ncountdown = 2.5")
        #expect(printedProblems(in: fractional) == [
            "t.toml:9:1: error: steps[1].countdown: 2.5 is not a whole number; give the number of ticks, 0 ≤ countdown ≤ 10",
        ])
        let many = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 30\ncountdown = 11")
        #expect(printedProblems(in: many) == [
            "t.toml:9:1: error: steps[1].countdown: 11 is too many; give the number of ticks, 0 ≤ countdown ≤ 10",
        ])
    }

    @Test func repsRunFromOneToAHundred() {
        for (reps, message) in [("0", "0 is too few"), ("101", "101 is too many"), ("-2", "-2 is negative"),
                                ("1.5", "1.5 is not a whole number")] {
            let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 30\nreps = \(reps)")
            #expect(printedProblems(in: text) == [
                "t.toml:9:1: error: steps[1].reps: \(message); give the number of repetitions, 1 ≤ reps ≤ 100",
            ])
        }
        let breaths = routineText(step: "name = \"B\"\nhow = \"Breathe.\"\ninhale = 4\nexhale = 4\nreps = 0")
        #expect(printedProblems(in: breaths) == [
            "t.toml:10:1: error: steps[1].reps: 0 is too few; give the number of breaths, 1 ≤ reps ≤ 100",
        ])
    }

    // MARK: Types

    @Test func wrongTypesSayWhatWasExpectedAndWhatWasFound() {
        let text = """
            name = "t"
            title = 5
            summary = true
            cautions = "Be careful."

            [[steps]]
            name = "A"
            how = ["Do A."]
            hold = "30"
            reps = "3"
            sides = "left"
            """
        #expect(printedProblems(in: text) == [
            "t.toml:2:1: error: title: expected a string, got the integer 5; give a short title, e.g. title = \"Wall stretch\"",
            "t.toml:3:1: error: summary: expected a string, got true (true/false); say in one sentence what the routine does",
            "t.toml:4:1: error: cautions: expected an array of strings, got a string (\"Be careful.\"); "
                + "write cautions = [\"First caution.\", \"Second caution.\"]",
            "t.toml:8:1: error: steps[1].how: expected a string, got an array; "
                + "say in one or two sentences what to do, for someone with eyes closed",
            "t.toml:9:1: error: steps[1].hold: expected a number of seconds, got a string (\"30\"); "
                + "write a number without quotes, e.g. hold = 30 or hold = 22.5",
            "t.toml:10:1: error: steps[1].reps: expected a whole number, got a string (\"3\"); write a number without quotes, e.g. reps = 3",
            "t.toml:11:1: error: steps[1].sides: expected an array of side names, got a string (\"left\"); "
                + "list the sides each repetition is done on, e.g. sides = [\"left\", \"right\"]",
        ])
    }

    @Test func stepsMustBeTables() {
        #expect(printedProblems(in: "name = \"t\"\ntitle = \"T\"\nsummary = \"S\"\nsteps = [1]\n") == [
            "t.toml:4:10: error: steps[1]: expected a table, got the integer 1; write each step as a [[steps]] table",
        ])
        #expect(printedProblems(in: "name = \"t\"\ntitle = \"T\"\nsummary = \"S\"\n[steps]\nname = \"A\"\n") == [
            "t.toml:4:2: error: steps: expected [[steps]] tables, got a table; write [[steps]] (double brackets) above each step",
        ])
    }

    // MARK: Keys

    @Test func unknownKeysGetADidYouMean() {
        let text = """
            name = "t"
            titel = "Test"
            summary = "S"

            [[steps]]
            name = "A"
            how = "Do A."
              hodl = 30
            Reps = 2
            repetitions = 3
            colour = "red"
            """
        #expect(printedProblems(in: text) == [
            "t.toml:2:1: error: titel: unknown key; did you mean \"title\"?",
            "t.toml:5:1: error: steps[1]: has neither hold, move nor inhale and exhale; "
                + "add hold = SECONDS to hold a position, move = SECONDS to keep moving, or inhale and exhale to pace breathing",
            "t.toml:8:3: error: steps[1].hodl: unknown key; did you mean \"hold\"?",
            "t.toml:9:1: error: steps[1].Reps: unknown key; did you mean \"reps\"?",
            "t.toml:10:1: error: steps[1].repetitions: unknown key; did you mean \"reps\"?",
            "t.toml:11:1: error: steps[1].colour: unknown key; "
                + "valid keys here: name, how, say, prepare, hold, move, countdown, inhale, exhale, pause, release, reps, "
                + "rest, sides, chosen_by_relief",
            "title: missing; give a short title, e.g. title = \"Wall stretch\"",
        ].map { $0.hasPrefix("t.toml") ? $0 : "t.toml: error: " + $0 })
    }

    @Test func keysInTheWrongTableSayWhereTheyBelong() {
        let text = """
            name = "t"
            title = "T"
            summary = "S"
            hold = 30
            hodl = 30

            [[steps]]
            name = "A"
            how = "Do A."
            hold = 30
            cautions = ["Written below the step by mistake."]
            caution = "Also."
            """
        #expect(printedProblems(in: text) == [
            "t.toml:4:1: error: hold: unknown key; hold belongs inside a [[steps]] table",
            "t.toml:5:1: error: hodl: unknown key; did you mean \"hold\"? It belongs inside a [[steps]] table",
            "t.toml:11:1: error: steps[1].cautions: unknown key; cautions belongs at the top of the file, "
                + "before the first [[steps]] (every key below a [[steps]] line belongs to that step)",
            "t.toml:12:1: error: steps[1].caution: unknown key; did you mean \"cautions\"? "
                + "It belongs at the top of the file, before the first [[steps]]",
        ])
    }

    @Test func missingKeysAreReportedWhereTheyShouldBe() {
        let text = "[[steps]]\nhold = 30\n"
        #expect(printedProblems(in: text) == [
            "t.toml:1:1: error: steps[1].name: missing; name the step, e.g. name = \"Chest opener\"",
            "t.toml:1:1: error: steps[1].how: missing; say in one or two sentences what to do, for someone with eyes closed",
            "t.toml: error: name: missing; give the file's base name, e.g. name = \"t\"",
            "t.toml: error: title: missing; give a short title, e.g. title = \"Wall stretch\"",
            "t.toml: error: summary: missing; say in one sentence what the routine does",
        ])
    }

    @Test func noStepsIsAProblem() {
        let missing = "name = \"t\"\ntitle = \"T\"\nsummary = \"S\"\n"
        #expect(printedProblems(in: missing) == [
            "t.toml: error: steps: missing; add at least one [[steps]] table with name, how and hold (or inhale and exhale)",
        ])
        #expect(printedProblems(in: missing + "steps = []\n") == [
            "t.toml:4:1: error: steps: has no steps; add at least one [[steps]] table with name, how and hold (or inhale and exhale)",
        ])
    }

    @Test func tooManyStepsIsAProblem() {
        var text = "name = \"t\"\ntitle = \"T\"\nsummary = \"S\"\n"
        for index in 1...101 { text += "[[steps]]\nname = \"S\(index)\"\nhow = \"Do it.\"\nhold = 5\n" }
        #expect(printedProblems(in: text) == [
            "t.toml:4:3: error: steps: has 101 steps; split it into routines of at most 100 steps",
        ])
    }

    // MARK: Names

    @Test func badNamesSuggestAValidOne() {
        let text = minimalRoutine.replacingOccurrences("name = \"t\"", with: "name = \"Wall Stretch!\"")
        #expect(printedProblems(in: text, expectedName: nil) == [
            "t.toml:1:1: error: name: \"Wall Stretch!\" is not a valid routine name; use lowercase letters, "
                + "digits and dashes, starting with a letter or digit, e.g. \"wall-stretch\"",
        ])
        for bad in ["-x", "a_b", "ä", "x y"] {
            let text = minimalRoutine.replacingOccurrences("name = \"t\"", with: "name = \"\(bad)\"")
            #expect(routineProblems(in: text, expectedName: nil).map(\.key) == ["name"], "\(bad)")
        }
        let long = String(repeating: "a", count: 65)
        let tooLong = minimalRoutine.replacingOccurrences("name = \"t\"", with: "name = \"\(long)\"")
        #expect(routineProblems(in: tooLong, expectedName: nil).map(\.message) == ["\"\(long.prefix(37))…\" is longer than 64 characters"])
    }

    @Test func nameMustEqualTheFileName() {
        #expect(printedProblems(in: minimalRoutine, expectedName: "wall") == [
            "t.toml:1:1: error: name: \"t\" does not match the file name wall.toml; set name = \"wall\" or rename the file to t.toml",
        ])
    }

    @Test func validNamesPass() {
        for name in ["a", "0", "wall-stretch", "posture-break-2", "a-"] {
            #expect(RoutineFormat.isValidName(name), "\(name)")
        }
        #expect(!RoutineFormat.isValidName(""))
    }

    // MARK: Hold or breathe

    @Test func aStepCannotBothHoldAndBreathe() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 30\ninhale = 4\nexhale = 4")
        #expect(printedProblems(in: text) == [
            "t.toml:9:1: error: steps[1]: has both hold and inhale; a step either holds still (hold), keeps moving "
                + "(move) or paces breathing (inhale and exhale); remove hold to pace breathing, or inhale to hold still, "
                + "or split it into two steps",
        ])
    }

    // MARK: Move and say (issue 12)

    @Test func aMoveStepLoadsWithItsOwnKindAndKeepsHoldFilesWorking() throws {
        let moving = try RoutineFile.parse(routineText(step: "name = \"A\"\nhow = \"Roll.\"\nmove = 8\ncountdown = 0\nreps = 6"),
                                           file: "t.toml", expectedName: "t")
        #expect(moving.steps[0].action == .move(seconds: 8, countdown: 0))
        #expect(moving.steps[0].reps == 6)
        let holding = try RoutineFile.parse(routineText(step: "name = \"A\"\nhow = \"Hold.\"\nhold = 20"),
                                            file: "t.toml", expectedName: "t")
        #expect(holding.steps[0].action == .hold(seconds: 20, countdown: 3))
        #expect(holding.steps[0].say == nil && holding.steps[0].chosenByRelief == [])
    }

    @Test func aStepCannotBothHoldAndMove() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 30\nmove = 8")
        #expect(printedProblems(in: text) == [
            "t.toml:9:1: error: steps[1]: has both hold and move; a step either holds still (hold), keeps moving (move) "
                + "or paces breathing (inhale and exhale); keep hold if the position is held still, move if the person "
                + "keeps moving, or split it into two steps",
        ])
    }

    @Test func aMoveStepCannotPaceBreathing() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nmove = 8\ninhale = 4\nexhale = 4")
        #expect(printedProblems(in: text) == [
            "t.toml:9:1: error: steps[1]: has both move and inhale; a step either holds still (hold), keeps moving "
                + "(move) or paces breathing (inhale and exhale); remove move to pace breathing, or inhale to keep moving, "
                + "or split it into two steps",
        ])
    }

    @Test func moveTimesAndCountdownFollowTheHoldRules() {
        #expect(printedProblems(in: routineText(step: "name = \"A\"\nhow = \"Do A.\"\nmove = -2")) == [
            "t.toml:8:1: error: steps[1].move: -2 is negative; give how long to keep moving in seconds, 1 ≤ move ≤ 3600",
        ])
        #expect(printedProblems(in: routineText(step: "name = \"A\"\nhow = \"Do A.\"\nmove = 3")) == [
            "t.toml:8:1: error: steps[1].move: the default countdown of 3 ticks is not shorter than the 3 s move; "
                + "add countdown = 0 (no ticks) or a countdown below 3",
        ])
    }

    @Test func sayMustBeANonEmptyStringOfAtMost200Characters() {
        let fix = "say in one or two sentences, at most 200 characters, the position and the movement, "
            + "e.g. say = \"Sitting tall, roll your head slowly from one shoulder to the other.\""
        #expect(printedProblems(in: routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 9\nsay = \"  \"")) == [
            "t.toml:9:1: error: steps[1].say: is empty; \(fix)",
        ])
        #expect(printedProblems(in: routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 9\nsay = 12")) == [
            "t.toml:9:1: error: steps[1].say: expected a string, got the integer 12; \(fix)",
        ])
        let long = String(repeating: "Roll slowly. ", count: 20)
        #expect(printedProblems(in: routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 9\nsay = \"\(long)\"")) == [
            "t.toml:9:1: error: steps[1].say: is 260 characters long, more than 200; shorten it to 200 characters "
                + "(about twelve seconds of speech); the full text belongs in how",
        ])
    }

    @Test func chosenByReliefNamesTimesTheStepSets() {
        let ok = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nmove = 9\nreps = 2\nchosen_by_relief = [\"move\", \"reps\"]")
        #expect(printedProblems(in: ok) == [])
        let bad = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 9\nchosen_by_relief = [\"colour\", \"rest\"]")
        #expect(printedProblems(in: bad) == [
            "t.toml:9:1: error: steps[1].chosen_by_relief[1]: \"colour\" is not a time or count of a step; use one of "
                + "prepare, hold, move, countdown, inhale, exhale, pause, release, reps, rest",
            "t.toml:9:1: error: steps[1].chosen_by_relief[2]: \"rest\" is not set in this step; add rest to the step, "
                + "or remove it from chosen_by_relief",
        ])
    }

    @Test func inhaleNeedsExhale() {
        let text = routineText(step: "name = \"B\"\nhow = \"Breathe.\"\ninhale = 4")
        #expect(printedProblems(in: text) == [
            "t.toml:8:1: error: steps[1].exhale: missing; a breathing step needs both inhale and exhale; add exhale = SECONDS, 1 ≤ exhale ≤ 30",
        ])
    }

    @Test func holdOnlyKeysAreRejectedOnBreathingSteps() {
        let text = routineText(step: """
            name = "B"
            how = "Breathe."
            inhale = 4
            exhale = 4
            sides = []
            countdown = 3
            rest = -5
            """)
        #expect(printedProblems(in: text) == [
            "t.toml:10:1: error: steps[1].sides: sides does not apply to a breathing step; remove sides, or make one hold step per side",
            "t.toml:11:1: error: steps[1].countdown: countdown does not apply to a breathing step; remove countdown; breathing steps have no ticks",
            "t.toml:12:1: error: steps[1].rest: rest does not apply to a breathing step; remove rest; use pause for silence after each exhale",
        ])
    }

    @Test func pauseIsRejectedOnHoldSteps() {
        let text = routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 30\npause = 2")
        #expect(printedProblems(in: text) == [
            "t.toml:9:1: error: steps[1].pause: pause only applies to a breathing step (inhale and exhale); "
                + "remove pause, or use rest for the time between repetitions",
        ])
    }

    // MARK: Sides and strings

    @Test func sidesMustBeAShortListOfDistinctNames() {
        func sides(_ value: String) -> [String] {
            printedProblems(in: routineText(step: "name = \"A\"\nhow = \"Do A.\"\nhold = 30\nsides = \(value)"))
        }
        #expect(sides("[]") == [
            "t.toml:9:1: error: steps[1].sides: is empty; leave sides out for a step done once per repetition, "
                + "or list the sides each repetition is done on, e.g. sides = [\"left\", \"right\"]",
        ])
        #expect(sides("[\"left\", \"left\"]") == [
            "t.toml:9:1: error: steps[1].sides[2]: \"left\" is listed twice; list each side once",
        ])
        #expect(sides("[\"left\", \"\"]") == [
            "t.toml:9:1: error: steps[1].sides[2]: is empty; name the side in quotes, e.g. \"left\"",
        ])
        #expect(sides("[\"a\", \"b\", \"c\", \"d\", \"e\"]") == [
            "t.toml:9:1: error: steps[1].sides: has 5 sides; list at most 4, e.g. [\"left\", \"right\"]",
        ])
        #expect(sides("[\"left\", 2]") == [
            "t.toml:9:1: error: steps[1].sides[2]: expected a string, got the integer 2; name the side in quotes, e.g. \"left\"",
        ])
    }

    @Test func emptyStringsAreRejected() {
        let text = """
            name = ""
            title = "  "
            summary = "S"
            cautions = ["Fine.", ""]

            [[steps]]
            name = "A"
            how = "\t"
            hold = 30
            """
        #expect(printedProblems(in: text) == [
            "t.toml:1:1: error: name: is empty; give the file's base name, e.g. name = \"t\"",
            "t.toml:2:1: error: title: is empty; give a short title, e.g. title = \"Wall stretch\"",
            "t.toml:4:1: error: cautions[2]: is empty; write each caution as a sentence in quotes",
            "t.toml:8:1: error: steps[1].how: is empty; say in one or two sentences what to do, for someone with eyes closed",
        ])
    }

    // MARK: Whole files

    @Test func everyProblemInAFileIsReportedInFileOrder() {
        let text = """
            name = "t"
            title = "T"
            summary = "S"

            [[steps]]
            name = "First"
            how = "Fine."
            hold = 30

            [[steps]]
            name = "Second"
            how = "Broken."
            hold = -1
            reps = 0

            [[steps]]
            name = "Third"
            how = "Broken too."
            inhale = 4
            """
        #expect(routineProblems(in: text).map { "\($0.line ?? 0):\($0.column ?? 0) \($0.key ?? "")" } == [
            "13:1 steps[2].hold", "14:1 steps[2].reps", "19:1 steps[3].exhale",
        ])
    }

    @Test func syntaxErrorsCarryTheParsersPosition() {
        let text = "name = \"t\"\ntitle = \n"
        #expect(printedProblems(in: text) == [
            "t.toml:2:9: error: not valid TOML: Error while parsing key-value pair: expected value, saw '\\n'; "
                + "fix the syntax here; docs/routines.md has a complete example",
        ])
        let duplicate = routineProblems(in: "name = \"t\"\nname = \"u\"\n")
        #expect(duplicate.map(\.line) == [2])
        #expect(duplicate.first?.message.contains("redefine") == true)
    }

    @Test func bytesThatAreNotUTF8TextAreRejected() {
        func problems(_ bytes: [UInt8]) -> [String] {
            do throws(RoutineFileError) {
                _ = try RoutineFile.parse(bytes: bytes, file: "t.toml", expectedName: "t")
                return []
            } catch {
                return error.problems.map(\.description)
            }
        }
        #expect(problems(Array("name = \"t\"\n".utf8) + [0xFF, 0xFE]) == [
            "t.toml: error: is not UTF-8 text; save the file as UTF-8",
        ])
        #expect(problems(Array("name = \"t\"\u{0}\n".utf8)) == [
            "t.toml: error: contains a NUL byte, so it is not a text file; give a TOML text file",
        ])
    }
}
