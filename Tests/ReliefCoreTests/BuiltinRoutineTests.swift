import Foundation
import Testing
@testable import ReliefCore

/// The folder the built-in routine files live in, found from this file's path.
let routinesFolder: String = {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()  // ReliefCoreTests
    url.deleteLastPathComponent()  // Tests
    url.deleteLastPathComponent()  // package root
    return url.appendingPathComponent("Sources/ReliefCore/Routines").path
}()

/// A routine's length by SPEC "Routines", worked out independently of the timeline
/// compiler: per hold step, for each rep and side, prepare + hold + release, with `rest`
/// between reps; per breathing step, prepare + breaths × (inhale + exhale + pause) + release.
func specDuration(_ routine: Routine) -> Double {
    routine.steps.reduce(0) { total, step in
        switch step.action {
        case let .hold(seconds, _), let .move(seconds, _):
            let sides = Double(max(1, step.sides.count))
            return total + Double(step.reps) * sides * (step.prepare + seconds + step.release)
                + Double(step.reps - 1) * step.rest
        case let .breathe(inhale, exhale, pause):
            return total + step.prepare + Double(step.reps) * (inhale + exhale + pause) + step.release
        }
    }
}

func builtinRoutine(_ name: String) throws -> Routine {
    try #require(BuiltinRoutines.all.first { $0.name == name }, "no built-in \(name)")
}

/// Every step with this name, in any built-in routine (standalone or composed).
func builtinSteps(named name: String) -> [Step] {
    BuiltinRoutines.all.flatMap(\.steps).filter { $0.name == name }
}

@Suite("Built-in routines")
struct BuiltinRoutineTests {
    static let required = [
        "wall-stretch", "neck-rolls", "shoulder-shrugs", "chest-opener", "cat-cow", "ball-massage",
        "foam-roller", "trigger-point", "heat-or-cold", "rotational-stretch", "thoracic-extension",
        "seated-thoracic-twist", "chair-back-extension", "self-hug", "back-stretcher",
        "resistance-band-row", "childs-pose", "downward-dog", "bridge", "plank", "swimming",
        "deep-breathing", "posture-break", "warm-up", "full-session",
    ]
    static let composed = ["posture-break", "warm-up", "full-session"]

    @Test func everyFileInTheRoutinesFolderIsRegistered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: routinesFolder)
            .filter { $0.hasSuffix(".toml") }
            .map { String($0.dropLast(5)) }
            .sorted()
        #expect(!files.isEmpty)
        #expect(BuiltinRoutines.names == files)
        for name in files {
            let onDisk = try String(contentsOfFile: routinesFolder + "/\(name).toml", encoding: .utf8)
            #expect(BuiltinRoutines.source(named: name) == onDisk, "\(name): embedded bytes differ from the file")
        }
    }

    @Test func everyBuiltinPassesValidation() {
        #expect(BuiltinRoutines.problems == [])
        #expect(BuiltinRoutines.all.map(\.name) == BuiltinRoutines.names)
        let report = RoutineCheck.run(paths: [routinesFolder])
        #expect(report.allValid)
        #expect(report.problems == [])
        #expect(report.lines.count == BuiltinRoutines.names.count)
    }

    @Test func theRequiredRoutinesAreAllThere() {
        #expect(Set(Self.required).subtracting(BuiltinRoutines.names).isEmpty)
    }

    @Test(arguments: required)
    func howIsOneOrTwoSentences(name: String) throws {
        for step in try builtinRoutine(name).steps {
            let sentences = step.how.split(whereSeparator: { ".!?".contains($0) })
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            #expect((1...2).contains(sentences.count), "\(name) / \(step.name): \(sentences.count) sentences")
        }
    }

    // MARK: Faithful to the seeds

    @Test func chestOpenerHolds15To30Seconds2To3Times() {
        let steps = builtinSteps(named: "Chest opener")
        #expect(steps.count >= 4)  // its own routine and the three composed ones
        for step in steps {
            #expect(holdSeconds(step).map { (15...30).contains($0) } == true)
            #expect((2...3).contains(step.reps))
        }
    }

    @Test func neckRollsAre5To10() {
        let steps = builtinSteps(named: "Neck rolls")
        #expect(!steps.isEmpty)
        for step in steps { #expect((5...10).contains(step.reps)) }
    }

    @Test func catCowIs5To10BreathingRounds() {
        let steps = builtinSteps(named: "Cat-cow")
        #expect(!steps.isEmpty)
        for step in steps {
            guard case .breathe = step.action else {
                Issue.record("cat-cow must pace breathing")
                continue
            }
            #expect((5...10).contains(step.reps))
        }
    }

    @Test func foamRollerPauses20To30SecondsOnASpot() throws {
        let routine = try builtinRoutine("foam-roller")
        let spots = routine.steps.filter { $0.name != "Roll the upper back" }
        #expect(spots.count == 2)
        for step in spots { #expect(holdSeconds(step).map { (20...30).contains($0) } == true) }
        #expect(routine.steps.last?.sides == ["left", "right"])
    }

    @Test func ballMassageSpendsAtLeast30SecondsASpotBesideTheSpine() throws {
        let routine = try builtinRoutine("ball-massage")
        for step in routine.steps {
            #expect(holdSeconds(step).map { $0 >= 30 } == true)
            #expect(step.sides == ["left", "right"])
        }
        #expect(routine.cautions.contains { $0.contains("beside the spine") && $0.contains("bony") })
    }

    @Test func rotationalStretchesHold15To30SecondsEachSide() {
        for name in ["Rotational stretch", "Seated thoracic twist"] {
            let steps = builtinSteps(named: name)
            #expect(!steps.isEmpty)
            for step in steps {
                #expect(step.sides == ["left", "right"])
                #expect(holdSeconds(step).map { (15...30).contains($0) } == true)
            }
        }
    }

    @Test func thoracicExtensionHolds15To30Seconds() {
        for step in builtinSteps(named: "Thoracic extension") + builtinSteps(named: "Chair-back extension") {
            #expect(holdSeconds(step).map { (15...30).contains($0) } == true)
        }
    }

    @Test func resistanceBandRowIs10To15ShortHolds() throws {
        let step = try #require(try builtinRoutine("resistance-band-row").steps.first)
        #expect((10...15).contains(step.reps))
        #expect(holdSeconds(step).map { (1...5).contains($0) } == true)
    }

    @Test func heatOrColdLasts15To20MinutesBehindACloth() throws {
        let routine = try builtinRoutine("heat-or-cold")
        #expect(holdSeconds(routine.steps[0]).map { (900...1200).contains($0) } == true)
        #expect(routine.cautions.contains { $0.contains("cloth") })
    }

    @Test func breathingRoutinesPaceBreathing() throws {
        for name in ["deep-breathing", "self-hug"] {
            for step in try builtinRoutine(name).steps {
                guard case let .breathe(inhale, exhale, _) = step.action else {
                    Issue.record("\(name) must pace breathing")
                    continue
                }
                #expect(exhale >= inhale)
            }
        }
    }

    // MARK: Safety

    @Test func generalSafetyNotesCarryTheSeedsRules() {
        let text = SafetyNotes.general.joined(separator: " ")
        for rule in ["sharp or radiating pain", "numbness", "tingling", "never force", "crack",
                     "osteoporosis", "spinal infection", "spinal surgery", "trauma", "few weeks",
                     "worse at night", "professional"] {
            #expect(text.contains(rule), "missing: \(rule)")
        }
    }

    @Test func everyRoutineCarriesTheGeneralNotesAfterItsOwn() {
        for routine in BuiltinRoutines.all {
            let all = routine.allCautions
            #expect(Array(all.prefix(routine.cautions.count)) == routine.cautions)
            #expect(Set(SafetyNotes.general).isSubset(of: all))
            #expect(Set(all).count == all.count, "\(routine.name) repeats a caution")
        }
        let repeated = Routine(name: "x", title: "X", summary: "X", cautions: [SafetyNotes.general[0]], steps: [])
        #expect(repeated.allCautions == SafetyNotes.general)
    }

    // MARK: Composed routines

    @Test func postureBreakTakes3To5MinutesWithoutEquipment() throws {
        let routine = try builtinRoutine("posture-break")
        #expect((180...300).contains(specDuration(routine)))
        #expect(specDuration(routine) == 221)
        // With voice, the default, its announcements and their lead-ins included.
        let spoken = SpokenTimeline(routine: routine, plan: GuidancePlan())
        #expect((180...300).contains(spoken.duration), "posture-break with voice lasts \(spoken.duration) s")
        // Both arms are worked in the self-hug.
        #expect(routine.steps.map(\.name).suffix(2) == ["Self-hug", "Self-hug, other arm on top"])
        // Only steps a person can do seated or standing with nothing but their body.
        let bodyOnly: Set = ["Neck rolls", "Shoulder shrugs", "Chest opener", "Rotational stretch",
                             "Self-hug", "Self-hug, other arm on top", "Deep breathing"]
        #expect(Set(routine.steps.map(\.name)).isSubset(of: bodyOnly))
    }

    @Test func warmUpAndFullSessionHaveTheDocumentedLengths() throws {
        #expect(specDuration(try builtinRoutine("warm-up")) == 303)
        #expect(specDuration(try builtinRoutine("full-session")) == 1103)
        #expect(specDuration(try builtinRoutine("full-session")) > specDuration(try builtinRoutine("warm-up")))
    }

    @Test func composedStepsAreTheStandaloneStepsWordForWord() throws {
        let standalone = BuiltinRoutines.all.filter { !Self.composed.contains($0.name) }.flatMap(\.steps)
        for name in Self.composed {
            for step in try builtinRoutine(name).steps {
                #expect(standalone.contains { $0.name == step.name && $0.how == step.how && $0.say == step.say
                            && $0.chosenByRelief == step.chosenByRelief },
                        "\(name) / \(step.name) differs from its standalone routine")
            }
        }
    }

    /// The seconds of a hold or a move (the seeds' "hold for" and "at least 30 seconds on
    /// each spot" both time one of them).
    private func holdSeconds(_ step: Step) -> Double? {
        step.timed?.seconds
    }
}
