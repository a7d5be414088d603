import Foundation
import Testing
@testable import ReliefCore

/// docs/routines.md, read from the package root.
private func routineDocs() throws -> String {
    let root = URL(fileURLWithPath: routinesFolder)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("docs/routines.md"), encoding: .utf8)
}

@Suite("docs/routines.md")
struct RoutineDocsTests {
    @Test func theCompleteExampleIsValidAndAsLongAsTheDocsSay() throws {
        let docs = try routineDocs()
        let start = try #require(docs.range(of: "```toml\n"))
        let end = try #require(docs.range(of: "```", range: start.upperBound..<docs.endIndex))
        let example = String(docs[start.upperBound..<end.lowerBound])
        let routine = try RoutineFile.parse(example, file: "desk-reset.toml", expectedName: "desk-reset")
        #expect(routine.steps.count == 3)
        #expect(specDuration(routine) == 153)
        #expect(docs.contains("ok (3 steps, \(RoutineCheck.formatDuration(153)))"))
    }

    @Test func everyBuiltinIsListedWithItsLength() throws {
        let docs = try routineDocs()
        for routine in BuiltinRoutines.all {
            let row = "| `\(routine.name)` | \(RoutineCheck.formatDuration(specDuration(routine))) |"
            #expect(docs.contains(row), "missing or wrong: \(row)")
        }
    }

    @Test func timesChosenByReliefAreSaidInTheTable() throws {
        let docs = try routineDocs()
        for routine in BuiltinRoutines.all where routine.steps.contains(where: { !$0.chosenByRelief.isEmpty }) {
            let row = try #require(docs.split(separator: "\n").first { $0.hasPrefix("| `\(routine.name)` |") })
            #expect(row.lowercased().contains("time chosen by relief"), "\(routine.name)")
        }
        for key in ["move", "say", "chosen_by_relief"] { #expect(docs.contains("| `\(key)` |"), "\(key)") }
        #expect(docs.contains("1 ≤ move ≤ 3600"))
    }

    @Test func theBoundsInTheDocsAreTheValidatorsBounds() throws {
        let docs = try routineDocs()
        let limits = RoutineFormat.Limits.self
        let rows: [(String, ClosedRange<Double>)] = [
            ("prepare", limits.prepare), ("hold", limits.hold), ("release", limits.release),
            ("rest", limits.rest), ("inhale", limits.inhale), ("exhale", limits.exhale), ("pause", limits.pause),
        ]
        for (key, range) in rows {
            let text = "\(RoutineDecoder.format(range.lowerBound)) ≤ \(key) ≤ \(RoutineDecoder.format(range.upperBound))"
            #expect(docs.contains(text), "\(text)")
        }
        #expect(docs.contains("\(limits.reps.lowerBound) ≤ reps ≤ \(limits.reps.upperBound)"))
        #expect(docs.contains("\(limits.countdown.lowerBound) ≤ countdown ≤ \(limits.countdown.upperBound)"))
    }
}
