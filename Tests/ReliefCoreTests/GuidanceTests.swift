import Testing
@testable import ReliefCore

/// What is said, composed from routine data (built with the helpers of TimelineTests).
@Suite struct GuidanceTests {
    let twist = Step(name: "Seated twist", how: "Sit tall and turn towards the named side. Keep your hips still.",
                     prepare: 5, action: .hold(seconds: 20, countdown: 3), release: 5, reps: 1, rest: 0,
                     sides: ["left", "right"])

    @Test func openingSaysTitleLengthEveryOwnCautionAndTheWholeStopOnPainRule() {
        var routine = routine(holdStep())
        routine.title = "Wall stretch"
        routine.cautions = ["Slide slowly and keep the movement small.", "Another caution"]
        #expect(Guidance.opening(routine, length: 150)
            == "Wall stretch, two and a half minutes. Slide slowly and keep the movement small. Another caution. "
                + SafetyNotes.stopOnPain)
        #expect(SafetyNotes.stopOnPain.hasSuffix("and have it checked by a professional."))
    }

    @Test func openingWithoutCautionsSaysTheRuleAndTheName() {
        var routine = routine(holdStep())
        routine.title = ""
        routine.name = "my-own-stretch"
        #expect(Guidance.opening(routine, length: 40) == "My own stretch, forty seconds. \(SafetyNotes.stopOnPain)")
        // A routine that already says the rule does not say it twice.
        routine.cautions = [SafetyNotes.stopOnPain]
        #expect(Guidance.opening(routine, length: 40) == "My own stretch, forty seconds. \(SafetyNotes.stopOnPain)")
    }

    @Test func theBriefingSaysEveryGeneralNoteInFull() {
        let briefing = Guidance.briefing()
        for note in SafetyNotes.general { #expect(briefing.contains(note), "\(note)") }
        #expect(briefing.contains("severe osteoporosis") && briefing.contains("worse at night"))
    }

    @Test func stepSaysNameSideFirstInstructionAndPacing() {
        #expect(Guidance.step(twist)
            == "Seated twist, left side first. Sit tall and turn towards the named side. Keep your hips still. "
                + "Hold twenty seconds each side.")
        #expect(Guidance.lateStep(twist) == "Seated twist, left side first. Hold twenty seconds each side.")
        var twice = twist
        twice.reps = 2
        twice.sides = []
        #expect(Guidance.pacing(of: twice) == "Hold twenty seconds, twice.")
        #expect(Guidance.pacing(of: breathStep(breaths: 8)) == "Eight slow breaths.")
        #expect(Guidance.step(breathStep(breaths: 1)) == "Breathe. Breathe. One slow breath.")
    }

    @Test func aMoveStepSaysKeepMovingNeverHold() {
        var rolls = Step(name: "Neck rolls", how: "Sit tall. Roll your head slowly from one shoulder to the other.",
                         prepare: 3, action: .move(seconds: 8, countdown: 0), release: 2, reps: 6)
        #expect(Guidance.pacing(of: rolls) == "Keep moving for eight seconds, six times.")
        #expect(Guidance.step(rolls) == "Neck rolls. Sit tall. Roll your head slowly from one shoulder to the other. "
            + "Keep moving for eight seconds, six times.")
        #expect(!Guidance.step(rolls).contains("Hold"))
        rolls.say = "Sitting tall, roll your head slowly from shoulder to shoulder"
        #expect(Guidance.step(rolls) == "Neck rolls. Sitting tall, roll your head slowly from shoulder to shoulder. "
            + "Keep moving for eight seconds, six times.")
        rolls.sides = ["left", "right"]
        #expect(Guidance.repetition(6, of: rolls) == "Last one. Left side first.")
    }

    @Test func withoutSayTheMovementInALaterSentenceIsKept() {
        let long = Step(name: "Wall slide",
                        how: "Stand with your back against a wall, feet a comfortable step away from it, knees soft "
                            + "and arms relaxed by your sides, looking straight ahead. Slowly slide your back up and "
                            + "down the wall, feeling the stretch between your shoulder blades.",
                        prepare: 8, action: .move(seconds: 30, countdown: 3), release: 5)
        let said = Guidance.instruction(of: long)
        #expect(said.contains("slide your back up and down the wall"), "\(said)")
        #expect(said.count <= RoutineFormat.Limits.sayLength + 2)
    }

    @Test func repetitionsSwitchesClosingAndScheduledBreak() {
        var step = holdStep(reps: 3)
        #expect(Guidance.repetition(2, of: step) == nil)  // a one-sided middle rep: the tone says enough
        #expect(Guidance.repetition(3, of: step) == "Last one.")
        step.sides = ["left", "right"]
        #expect(Guidance.repetition(2, of: step) == "Left side again.")
        #expect(Guidance.repetition(3, of: step) == "Last one. Left side first.")
        #expect(Guidance.repetition(2, of: breathStep(breaths: 4)) == nil)
        #expect(Guidance.switchSides(to: 1, of: step) == "Switch sides.")
        step.sides = ["left", "right", "top"]
        #expect(Guidance.switchSides(to: 2, of: step) == "Now the top side.")
        var routine = routine(holdStep())
        routine.title = "Posture break"
        #expect(Guidance.closing(routine) == "Posture break complete. Well done.")
        #expect(Guidance.scheduledBreak(routine, in: 10) == "Posture break in ten seconds. To skip it, run relief-ctl stop.")
        #expect(Guidance.scheduledBreak(routine, in: 0) == "Posture break starting now. To skip it, run relief-ctl stop.")
    }

    @Test func everyBuiltInRoutineGetsFullSentencesWithoutDigits() {
        for routine in BuiltinRoutines.all {
            let spoken = SpokenTimeline(routine: routine)
            #expect(spoken.announcements.count >= routine.steps.count + 2, "\(routine.name)")
            for announcement in spoken.announcements {
                let digits = announcement.text.filter { $0.isNumber }
                #expect(digits.isEmpty, "\(routine.name): \(announcement.text)")
                let ending = announcement.text.last ?? " "
                #expect(".!?".contains(ending), "\(routine.name): \(announcement.text)")
            }
        }
    }
}
