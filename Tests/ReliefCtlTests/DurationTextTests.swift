import Testing
@testable import ReliefCtlKit

@Suite("Durations")
struct DurationTextTests {
    @Test(arguments: [
        ("30", 30.0), ("0", 0), ("30s", 30), ("10m", 600), ("1h", 3600), ("1h30m", 5400), ("1m30s", 90),
        ("2h5m10s", 7510), ("1.5m", 90), ("0.5s", 0.5), ("1.5", 1.5), ("1h0.5m", 3630), (".5m", 30), ("90s", 90),
    ])
    func parses(text: String, seconds: Double) throws {
        #expect(try DurationText.seconds(text) == seconds)
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("1x", "unknown unit 'x'"),
        ("m", "expected a number before 'm'"),
        ("10m5", "'5' at the end needs a unit"),
        ("5s10m", "in the order h, m, s"),
        ("1m1m", "in the order h, m, s"),
        ("-5", "it is negative"),
        ("-5m", "it is negative"),
        ("1..5m", "'1..5' is not a number"),
        ("1e3", "unknown unit 'e'"),
        ("inf", "expected a number before 'i'"),
        ("1 m", "unknown unit ' '"),
        ("30sec", "expected a number before 'e'"),
    ])
    func rejects(text: String, reason: String) {
        #expect {
            _ = try DurationText.seconds(text)
        } throws: { error in
            guard let invalid = error as? DurationText.Invalid else { return false }
            // Every message names the input, the reason and what is valid.
            return invalid.reason.contains(reason) && invalid.description.contains("'\(text)'")
                && invalid.description.contains(DurationText.validForms)
        }
    }
}
