import ReliefSystem
import Testing
@testable import ReliefVoice

/// A command never outlives its bounds: killed by PID on time or size, always reaped.
@Suite struct BoundedCommandTests {
    @Test func collectsOutputAndStatus() throws {
        let command = BoundedCommand(executable: "/bin/sh", arguments: ["sh", "-c", "printf hello; echo oops >&2; exit 3"],
                                     environment: [])
        let result = try command.run(timeout: 5, outputLimit: 100).get()
        #expect(result.output == Array("hello".utf8))
        #expect(result.errorText == "oops\n")
        #expect(result.status == 3)
    }

    @Test func aSlowCommandIsKilledAtItsTimeBound() {
        let start = monotonicSeconds()
        let result = BoundedCommand(executable: "/bin/sleep", arguments: ["sleep", "30"], environment: [])
            .run(timeout: 0.2, outputLimit: 100)
        #expect(result.failure == .timedOut(0.2))
        #expect(monotonicSeconds() - start < 3)
    }

    @Test func endlessOutputIsCutAtItsSizeBound() {
        let result = BoundedCommand(executable: "/usr/bin/yes", arguments: ["yes"], environment: [])
            .run(timeout: 5, outputLimit: 10_000)
        #expect(result.failure == .tooMuchOutput(10_000))
    }

    @Test func aMissingExecutableSaysSo() {
        let result = BoundedCommand(executable: "/nonexistent/espeak-ng", arguments: ["espeak-ng"], environment: [])
            .run(timeout: 1, outputLimit: 100)
        guard case .cannotStart(let reason)? = result.failure else {
            Issue.record("expected cannotStart, got \(result)")
            return
        }
        #expect(reason.contains("/nonexistent/espeak-ng"))
    }
}

extension Result {
    /// The failure, or nil on success.
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
