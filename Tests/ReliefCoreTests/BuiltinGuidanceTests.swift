import Testing
@testable import ReliefCore

/// What the built-in routines say and cue (issue 12): the movement is always said, moving
/// steps are cued as moves, and the safety rules are heard.
@Suite("Built-in routines: what is said")
struct BuiltinGuidanceTests {
    /// Every built-in step's movement, as its spoken text must name it (lowercased).
    static let verbs: [String: [String]] = [
        "Neck rolls": ["roll your head", "other shoulder"],
        "Shoulder shrugs": ["raise both shoulders", "lower them"],
        "Chest opener": ["lift them"],
        "Cat-cow": ["round your back", "lift your chest"],
        "Wall slide": ["slide your back up and down"],
        "Ball beside the spine": ["roll it"],
        "Ball with arm sweeps": ["raise and lower the arm"],
        "Roll the upper back": ["roll forwards and backwards"],
        "Pause on a tight spot": ["stay there"],
        "Lean on a tender spot": ["lean your upper body"],
        "Pressure on a knot": ["press", "increase the pressure"],
        "Heat or cold pack": ["rest it on your upper back", "sit upright"],
        "Rotational stretch": ["twist towards the hand on your back", "swap hands"],
        "Thoracic extension": ["lean back", "arch your upper back"],
        "Seated thoracic twist": ["turn your upper body"],
        "Chair-back extension": ["lean back over the top of the chair back"],
        "Self-hug": ["pull your elbows together", "round your upper back"],
        "Self-hug, other arm on top": ["swap arms", "pull your elbows together"],
        "Back stretcher": ["lie back over it"],
        "Band row": ["anchored to a stable object", "pull it towards your chest"],
        "Child's pose": ["fold forwards"],
        "Downward-facing dog": ["lift your hips up and back"],
        "Bridge": ["lift your hips", "lower them"],
        "Plank": ["lift yourself onto your forearms"],
        "Swimming": ["flutter opposite arm and leg"],
        "Deep breathing": ["breathe in slowly", "out through your mouth"],
    ]

    /// Steps that keep moving: the seeds describe rolling, sliding, shrugging, fluttering.
    static let moving: Set = ["Neck rolls", "Shoulder shrugs", "Wall slide", "Ball beside the spine",
                              "Ball with arm sweeps", "Roll the upper back", "Swimming"]

    @Test func everyBuiltinStepSaysItsMovement() {
        for routine in BuiltinRoutines.all {
            for step in routine.steps {
                let spoken = Guidance.step(step).lowercased()
                guard let verbs = Self.verbs[step.name] else {
                    Issue.record("\(routine.name) / \(step.name): no movement listed for this step in the test")
                    continue
                }
                for verb in verbs { #expect(spoken.contains(verb), "\(routine.name) / \(step.name) says: \(spoken)") }
                #expect(step.say != nil, "\(routine.name) / \(step.name) has no say")
                #expect((step.say ?? "").count <= RoutineFormat.Limits.sayLength)
            }
        }
    }

    @Test func movingStepsAreMovesAndAreCuedWithTheMoveCueNeverHold() {
        for routine in BuiltinRoutines.all {
            let timeline = Timeline(routine: routine)
            for (index, step) in routine.steps.enumerated() {
                let cues = timeline.cues.filter { $0.stepIndex == index }.map(\.cue)
                if Self.moving.contains(step.name) {
                    #expect(step.timed?.moves == true, "\(routine.name) / \(step.name) should move")
                    #expect(cues.contains(.move) && !cues.contains(.hold), "\(routine.name) / \(step.name)")
                    #expect(!Guidance.step(step).contains("Hold "), "\(routine.name) / \(step.name)")
                    #expect(Guidance.step(step).contains("Keep moving for"))
                } else {
                    #expect(!cues.contains(.move), "\(routine.name) / \(step.name) should not move")
                }
            }
        }
    }

    @Test func everyOpeningSaysTheWholeStopOnPainRuleAndTheEquipmentCautions() throws {
        for routine in BuiltinRoutines.all {
            let opening = Guidance.opening(routine, length: 60)
            #expect(opening.contains(SafetyNotes.stopOnPain), "\(routine.name): \(opening)")
            #expect(opening.contains("have it checked by a professional"))
            for caution in routine.cautions { #expect(opening.contains(caution), "\(routine.name): \(caution)") }
        }
        func opening(_ name: String) throws -> String {
            Guidance.opening(try #require(BuiltinRoutines.all.first { $0.name == name }), length: 60)
        }
        #expect(try opening("resistance-band-row").contains("Anchor one end of the band firmly to a stable object"))
        #expect(try opening("heat-or-cold").contains("cloth between your skin and the hot or cold pack"))
        #expect(try opening("heat-or-cold").contains("Do not lie on a heating pad or fall asleep"))
        #expect(try opening("heat-or-cold").contains("goes numb"))
        #expect(try opening("ball-massage").contains("just beside the spine, never on the bony bumps"))
    }

    @Test func theContentSlipsOfIssue12AreFixed() throws {
        func step(_ routine: String, _ name: String) throws -> Step {
            try #require(BuiltinRoutines.all.first { $0.name == routine }?.steps.first { $0.name == name })
        }
        let chairBack = try #require(BuiltinRoutines.all.first { $0.name == "chair-back-extension" })
        // Said and cautioned alike: hands behind the head support the neck (no "arms crossed").
        #expect(!Guidance.step(chairBack.steps[0]).contains("arms crossed"))
        #expect(chairBack.cautions[0].contains("hands clasped behind your head"))
        #expect(Guidance.step(try step("heat-or-cold", "Heat or cold pack")).contains("do not lie on it or fall asleep"))
        #expect(!Guidance.step(try step("heat-or-cold", "Heat or cold pack")).contains("lie comfortably"))
        #expect(try #require(BuiltinRoutines.all.first { $0.name == "heat-or-cold" }).summary.contains("gives none for cold"))
        #expect(Guidance.step(try step("neck-rolls", "Neck rolls")).contains("half circle"))
        #expect(Guidance.step(try step("rotational-stretch", "Rotational stretch")).contains("swap hands"))
        #expect(Guidance.step(try step("resistance-band-row", "Band row")).contains("anchored to a stable object"))
    }

    @Test func timesRelievesChoseAreMarkedInTheFiles() throws {
        // Routines whose seeds give no time at all mark every time they use as relief's.
        for name in ["wall-stretch", "shoulder-shrugs", "childs-pose", "downward-dog", "bridge", "plank", "swimming",
                     "back-stretcher", "trigger-point", "deep-breathing", "self-hug", "chair-back-extension",
                     "seated-thoracic-twist"] {
            let routine = try #require(BuiltinRoutines.all.first { $0.name == name })
            for step in routine.steps { #expect(!step.chosenByRelief.isEmpty, "\(name) / \(step.name)") }
        }
        // The seeds' own times are not marked.
        for name in ["chest-opener", "rotational-stretch", "thoracic-extension"] {
            let routine = try #require(BuiltinRoutines.all.first { $0.name == name })
            for step in routine.steps { #expect(step.chosenByRelief.isEmpty, "\(name) / \(step.name)") }
        }
    }
}
