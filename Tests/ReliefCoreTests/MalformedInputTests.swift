import ReliefCore
import ReliefMeasure
import ReliefProtocol
import Testing

/// A deterministic slice of the robustness run `make bench` does at 10^5 inputs: malformed
/// request lines and routine files must each give a clear error (or a valid value), never a
/// crash. A crash fails the whole test process, which is the point.
struct MalformedInputTests {
    @Test func malformedRequestLinesAreRejectedWithAMessage() {
        var inputs = MalformedInputs(kind: .request, seed: 1)
        var rejected = 0
        for _ in 0..<1_000 {
            do {
                _ = try Wire.request(from: inputs.next())
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        // Damage sometimes leaves a valid request (a flipped bit inside a name's spelling
        // can still be accepted); most inputs must be refused.
        #expect(rejected > 500, "only \(rejected) of 1000 damaged requests were refused")
    }

    @Test func malformedRoutineFilesAreRejectedWithAProblem() {
        var inputs = MalformedInputs(kind: .routine, seed: 1)
        var rejected = 0
        for _ in 0..<1_000 {
            do {
                _ = try RoutineFile.parse(bytes: inputs.next(), file: "fuzz.toml", expectedName: nil)
            } catch {
                #expect(!error.problems.isEmpty)
                rejected += 1
            }
        }
        #expect(rejected > 500, "only \(rejected) of 1000 damaged routines were refused")
    }

    @Test func malformedConfigFilesPassTheFrontDoorOrGetAProblem() {
        // reliefd.toml shapes, deep dotted keys among them: never a crash or a stack overflow.
        var inputs = MalformedInputs(kind: .config, seed: 1)
        var rejected = 0
        for _ in 0..<1_000 {
            do {
                _ = try TOMLInput.parse(try TOMLInput.text(of: inputs.next(), file: "reliefd.toml"), file: "reliefd.toml", example: "")
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(rejected > 300, "only \(rejected) of 1000 damaged config files were refused")
    }

    @Test func theSameSeedGivesTheSameInputs() {
        var first = MalformedInputs(kind: .routine, seed: 42)
        var second = MalformedInputs(kind: .routine, seed: 42)
        for _ in 0..<50 { #expect(first.next() == second.next()) }
    }
}
