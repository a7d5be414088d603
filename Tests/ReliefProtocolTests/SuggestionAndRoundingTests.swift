import Testing
import ReliefProtocol

/// The shared "did you mean" helper and the µs rounding of every reply line (issue 16).
struct SuggestionAndRoundingTests {
    @Test func oneGuessWhenANameIsClose() {
        let commands = ["ping", "list", "show", "start", "stop", "status", "snooze", "quit"]
        #expect(Suggestion.closest(to: "strat", among: commands) == "start")
        #expect(Suggestion.closest(to: "stauts", among: commands) == "status")
        #expect(Suggestion.closest(to: "STOP", among: commands) == "stop")
        #expect(Suggestion.closest(to: "frobnicate", among: commands) == nil)
        #expect(Suggestion.closest(to: "wal-stretch", among: ["wall-stretch", "warm-up", "plank"]) == "wall-stretch")
        #expect(Suggestion.closest(to: "war", among: ["routine", "warning_seconds"]) == "warning_seconds")
        #expect(Suggestion.closest(to: "repetitions", among: ["reps", "hold"], synonyms: ["repetitions": "reps"]) == "reps")
        #expect(Suggestion.editDistance("hodl", "hold") == 1)
    }

    @Test func numbersWithFloatNoiseAreRoundedToMicroseconds() throws {
        struct Sample: Codable, Sendable {
            var elapsed = 3.0000010000003385
            var sum = 0.1 + 0.2
            var planned = 1764925485.1234567
            var whole = 171.0
            var tiny = 1e-9
            var text = "3.0000010000003385 stays"
        }
        let line = String(decoding: try Wire.line(Sample()), as: UTF8.self)
        #expect(line == #"{"elapsed":3.000001,"planned":1764925485.123457,"sum":0.3,"text":"3.0000010000003385 stays","tiny":0,"whole":171}"# + "\n")
    }
}
