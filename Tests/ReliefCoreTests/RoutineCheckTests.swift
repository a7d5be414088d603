import Foundation
import Testing
@testable import ReliefCore
import ReliefMeasure

@Suite("reliefd check")
struct RoutineCheckTests {
    @Test func validFilesPrintOkWithStepsAndDuration() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("mine.toml", routineFile("mine"))
        let routine = try RoutineFile.load(path: file)
        let report = RoutineCheck.run(paths: [file])
        let duration = RoutineCheck.formatDuration(Timeline(routine: routine).duration)
        #expect(report.lines == ["\(file): ok (1 step, \(duration))"])
        #expect(report.allValid)
        #expect(report.exitStatus == 0)
    }

    @Test func aBrokenFileFailsWithEveryProblemAndTheGoodOnesStillPass() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("good.toml", routineFile("good"))
        let bad = try directory.write("bad.toml", routineFile("bad", hold: -5) + "colour = 1\n")
        let report = RoutineCheck.run(paths: [good, bad])
        #expect(!report.allValid)
        #expect(report.exitStatus == 65)
        #expect(report.lines.count == 3)
        #expect(report.lines[0].hasPrefix("\(good): ok (1 step, "))
        #expect(Array(report.lines.dropFirst()) == [
            "\(bad):8:1: error: steps[1].hold: -5 is negative; give the hold time in seconds, 1 ≤ hold ≤ 3600",
            "\(bad):9:1: error: steps[1].colour: unknown key; valid keys here: name, how, say, prepare, hold, move, "
                + "countdown, inhale, exhale, pause, release, reps, rest, sides, chosen_by_relief",
        ])
    }

    @Test func missingFilesAndWrongNamesAreProblems() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/missing.toml"
        let text = try directory.write("routine.txt", routineFile("routine"))
        let report = RoutineCheck.run(paths: [missing, text])
        #expect(report.exitStatus == 65)
        #expect(report.lines == [
            "\(missing): error: cannot read: No such file or directory; give the path of a readable routine file NAME.toml",
            "\(text): error: file name does not end in .toml; name routine files NAME.toml, where NAME is the routine's name",
        ])
    }

    @Test func aDirectoryChecksEveryRoutineFileInIt() throws {
        let directory = try TemporaryDirectory()
        try directory.write("a.toml", routineFile("a"))
        try directory.write("b.toml", routineFile("b"))
        try directory.write("readme.md", "not checked")
        let report = RoutineCheck.run(paths: [directory.path])
        #expect(report.allValid)
        #expect(report.lines.map { $0.components(separatedBy: ": ").first } == [
            directory.path + "/a.toml", directory.path + "/b.toml",
        ])
        let empty = try directory.makeDirectory("empty")
        #expect(RoutineCheck.run(paths: [empty]).lines == [
            "\(empty): error: has no routine files; routine files are named NAME.toml",
        ])
    }

    @Test func durationsPrintAsMinutesAndSeconds() {
        #expect(RoutineCheck.formatDuration(0) == "0:00")
        #expect(RoutineCheck.formatDuration(59.4) == "0:59")
        #expect(RoutineCheck.formatDuration(253) == "4:13")
        #expect(RoutineCheck.formatDuration(3725) == "62:05")
        #expect(RoutineCheck.formatDuration(.nan) == "0:00")
    }
}
