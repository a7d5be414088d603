import ReliefCore
import ReliefProtocol
import Testing
@testable import ReliefDaemon

/// Refusals are values until the one place that words them: each gets its wire code and a
/// sentence that says what is wrong and what works.
struct CommandErrorTests {
    @Test func eachRefusalHasItsCodeAndSaysWhatWorks() {
        let notRunning = ProtocolError(CommandError.notRunning)
        #expect(notRunning.code == .notRunning)
        #expect(notRunning.message.contains("{\"cmd\":\"start\",\"routine\":NAME}"))
        // The session's own "not running" reads the same as the scheduler's.
        #expect(ProtocolError(.session(.notRunning, phase: .hold)) == notRunning)

        let busy = ProtocolError(.busy(routine: "reach"))
        #expect(busy.code == .busy)
        #expect(busy.message == "\"reach\" is already running or about to begin; stop it first with {\"cmd\":\"stop\"}")

        let notInHold = ProtocolError(.session(.notInHold, phase: .rest))
        #expect(notInHold.code == .badRequest)
        #expect(notInHold.message == "extend works during a hold or a move; the session is in its rest phase")
        #expect(ProtocolError(.session(.invalidSeconds, phase: .hold)).message == "\"seconds\" must be 1 ≤ seconds ≤ 600")
    }

    @Test func anUnknownNameGetsOneGuessOrTheWholeList() {
        let close = ProtocolError(.unknownRoutine("wal-stretch", known: ["neck-release", "wall-stretch"]))
        #expect(close.code == .unknownRoutine)
        #expect(close.message == "no routine 'wal-stretch'; did you mean 'wall-stretch'?")
        let far = ProtocolError(.unknownRoutine("zzzzzzzz", known: ["neck-release", "wall-stretch"]))
        #expect(far.message == "no routine 'zzzzzzzz'; the routines are neck-release, wall-stretch")

        let cue = ProtocolError(.unknownCue("gong"))
        #expect(cue.code == .badRequest)
        #expect(cue.message.hasPrefix("unknown cue 'gong'; "))
        #expect(cue.message.contains(Cue.allCases.map(\.rawValue).joined(separator: ", ")))
    }
}
