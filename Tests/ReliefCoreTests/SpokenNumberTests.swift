import Testing
@testable import ReliefCore

@Suite struct SpokenNumberTests {
    @Test(arguments: [
        (0, "zero"), (7, "seven"), (13, "thirteen"), (20, "twenty"), (21, "twenty-one"), (45, "forty-five"),
        (99, "ninety-nine"), (100, "one hundred"), (105, "one hundred and five"), (342, "three hundred and forty-two"),
        (1000, "one thousand"), (1005, "one thousand and five"), (1250, "one thousand two hundred and fifty"),
        (21_000, "twenty-one thousand"), (1_000_000, "one million"), (-3, "minus three"),
    ])
    func wholeNumbers(number: Int, words: String) {
        #expect(SpokenNumber.words(number) == words)
    }

    @Test func extremesDoNotTrap() {
        #expect(SpokenNumber.words(Int.max).hasPrefix("nine quintillion"))
        #expect(SpokenNumber.words(Int.min).hasPrefix("minus nine quintillion"))
        #expect(SpokenNumber.holdLength(.infinity) == nil)
        #expect(SpokenNumber.length(.nan) == "five seconds")
        #expect(SpokenNumber.length(1e300).hasSuffix("minutes"))
    }

    @Test func howOften() {
        #expect(SpokenNumber.times(1) == "once")
        #expect(SpokenNumber.times(2) == "twice")
        #expect(SpokenNumber.times(3) == "three times")
        #expect(SpokenNumber.times(12) == "twelve times")
        #expect(SpokenNumber.count(1, "slow breath", "slow breaths") == "one slow breath")
        #expect(SpokenNumber.count(8, "slow breath", "slow breaths") == "eight slow breaths")
    }

    @Test(arguments: [
        (0.3, nil), (0.5, "one second"), (1, "one second"), (20, "twenty seconds"), (25.4, "twenty-five seconds"),
        (90, "ninety seconds"), (120, "two minutes"), (150, "two and a half minutes"), (900, "fifteen minutes"),
    ] as [(Double, String?)])
    func holds(seconds: Double, words: String?) {
        #expect(SpokenNumber.holdLength(seconds) == words)
    }

    @Test(arguments: [
        (2, "five seconds"), (44, "forty-five seconds"), (57, "fifty-five seconds"), (58, "one minute"),
        (80, "one and a half minutes"), (253, "four minutes"), (270, "four and a half minutes"),
        (584, "nine and a half minutes"), (585, "ten minutes"), (1140, "nineteen minutes"), (3600, "one hour"), (4200, "one hour and ten minutes"),
        (7260, "two hours and one minute"),
    ] as [(Double, String)])
    func routineLengths(seconds: Double, words: String) {
        #expect(SpokenNumber.length(seconds) == words)
    }
}
