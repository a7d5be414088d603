import Testing
@testable import ReliefCore

@Suite struct ShortFormTests {
    @Test func firstSentenceOnlyAndAbbreviationsDoNotEndIt() {
        #expect(ShortForm.of("Lie down. Then breathe.") == "Lie down.")  // kept whole: nothing dropped
        #expect(ShortForm.of("Breathe in and out") == "Breathe in and out.")
        #expect(ShortForm.firstSentence(of: "Use a prop, e.g. a towel. Then rest.") == "Use a prop, e.g. a towel.")
        #expect(ShortForm.of("  Sit   tall\nand relax  ") == "Sit tall and relax.")
        #expect(ShortForm.of("Is it sore? Stop.") == "Is it sore?")
        #expect(ShortForm.of("   ") == "")
    }

    @Test func keepsASentenceWithinTheLimitWhole() {
        let sentence = "Stand tall, or sit tall near the front of your chair, and interlace your fingers behind your back."
        #expect(sentence.count <= ShortForm.defaultLimit)
        #expect(ShortForm.of(sentence + " Then lift.") == sentence)
    }

    @Test func cutsAtTheLastClauseWithinTheLimit() {
        let how = "Kneel, sit back towards your heels and fold forwards, resting your forehead on the floor "
            + "with your arms stretched out in front. Breathe slowly into your upper back."
        #expect(ShortForm.of(how) == "Kneel, sit back towards your heels and fold forwards.")
        let roller = "Lie on your back with a foam roller across your upper back, arms crossed over your chest or "
            + "hands behind your head, and lift your hips slightly."
        #expect(ShortForm.of(roller)
            == "Lie on your back with a foam roller across your upper back, arms crossed over your chest or hands behind your head.")
    }

    @Test func fallsBackToAConjunctionThenAWordAndDropsDanglingWords() {
        // No clause mark late enough: cut before "and".
        let text = "Hold the band in both hands with a slight bend in your elbows and pull it slowly towards your chest until your shoulder blades meet"
        #expect(ShortForm.of(text, limit: 80) == "Hold the band in both hands with a slight bend in your elbows.")
        // No boundary but spaces: the last whole word, without "your" or "beside" at the end.
        let words = "Press firmly into the muscle beside your spine with the ball of your thumb for the whole hold"
        let short = ShortForm.of(words, limit: 40)
        #expect(short == "Press firmly into the muscle.")
        #expect(short.count <= 41)
        // One word longer than the limit stays whole.
        #expect(ShortForm.of(String(repeating: "a", count: 30), limit: 20) == String(repeating: "a", count: 30) + ".")
    }

    /// Every built-in instruction: bounded, a full stop at the end, and the start of its
    /// first sentence word for word.
    @Test func everyBuiltinInstructionHasABoundedShortForm() {
        for routine in BuiltinRoutines.all {
            for step in routine.steps {
                let short = ShortForm.of(step.how)
                let first = ShortForm.firstSentence(of: step.how)
                #expect(short.count <= ShortForm.defaultLimit + 1, "\(routine.name)/\(step.name): \(short)")
                #expect(short.hasSuffix("."), "\(short)")
                #expect(first.hasPrefix(String(short.dropLast())), "\(short) is not a prefix of \(first)")
                #expect(short.split(separator: " ").count >= 4, "\(routine.name)/\(step.name): \(short)")
            }
        }
    }
}
