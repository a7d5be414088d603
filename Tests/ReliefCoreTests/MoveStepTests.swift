import Testing
@testable import ReliefCore

/// A move step (issue 12): compiled like a hold, but opened by the `move` cue in a `move`
/// phase, with the same countdown and halfway rules, and extendable like a hold.
@Suite struct MoveStepTests {
    func moveStep(prepare: Double = 2, seconds: Double, countdown: Int = 3, release: Double = 2, reps: Int = 1,
                  sides: [String] = []) -> Step {
        Step(name: "Roll", how: "Roll slowly.", prepare: prepare, action: .move(seconds: seconds, countdown: countdown),
             release: release, reps: reps, sides: sides)
    }

    @Test func aMoveIsOpenedByTheMoveCueWithTicksAndHalfwayLikeAHold() {
        #expect(lines(routine(moveStep(seconds: 20))) == [
            "0.0 begin 0/-/1 prepare",
            "2.0 move 0/-/1 move",
            "12.0 halfway 0/-/1 move",
            "19.0 tick 0/-/1 move",
            "20.0 tick 0/-/1 move",
            "21.0 tick 0/-/1 move",
            "22.0 release 0/-/1 release",
            "24.0 complete 0/-/1 complete",
        ])
        // The same step as a hold differs only in the cue and the phase that opens it.
        let held = routine(holdStep(prepare: 2, hold: 20, countdown: 3, release: 2))
        #expect(lines(held).map { $0.replacingOccurrences(of: " hold", with: " move") }
            == lines(routine(moveStep(seconds: 20))))
    }

    @Test func repeatedMovesWithSidesSwitchAndNeverHold() {
        let timeline = Timeline(routine: routine(moveStep(seconds: 8, countdown: 0, reps: 2, sides: ["left", "right"])))
        let cues = timeline.cues.map(\.cue)
        #expect(cues.filter { $0 == .move }.count == 4)
        #expect(!cues.contains(.hold) && !cues.contains(.tick) && !cues.contains(.halfway))
        #expect(cues.filter { $0 == .switchSide }.count == 2)
        #expect(timeline.duration == 2 * 2 * 12)
        #expect(timeline.span(at: 3).phase == .move)
    }

    @Test func extendWorksDuringAMove() throws {
        var session = Session(timeline: Timeline(routine: routine(moveStep(seconds: 10, countdown: 0))), timeScale: 1)
        _ = session.start(now: 1000)
        #expect(throws: SessionError.notInHold) { try session.extend(by: 5, now: 1001) }  // still preparing
        let actions = try session.extend(by: 5, now: 1004)
        #expect(actions.contains(.cancelScheduled(from: 1004)))
        #expect(session.position(now: 1004).remaining == 2 + 10 + 5 + 2 - 4)
    }
}
