import Testing
@testable import ReliefCore

/// A hold step built in code (the loader is tested elsewhere).
func holdStep(_ name: String = "Hold", prepare: Double = 5, hold: Double = 10, countdown: Int = 3,
              release: Double = 5, reps: Int = 1, rest: Double = 0, sides: [String] = []) -> Step {
    Step(name: name, how: "Do it.", prepare: prepare, action: .hold(seconds: hold, countdown: countdown),
         release: release, reps: reps, rest: rest, sides: sides)
}

/// A paced-breathing step built in code.
func breathStep(_ name: String = "Breathe", prepare: Double = 3, inhale: Double = 4, exhale: Double = 6,
                pause: Double = 0, breaths: Int = 2, release: Double = 5) -> Step {
    Step(name: name, how: "Breathe.", prepare: prepare,
         action: .breathe(inhale: inhale, exhale: exhale, pause: pause), release: release, reps: breaths)
}

func routine(_ steps: Step...) -> Routine {
    Routine(name: "test", title: "Test", summary: "A routine built in code.", steps: steps)
}

/// One cue as a short line: `offset cue step/side/rep phase`, so expectations read like a score.
func line(_ cue: TimedCue) -> String {
    "\(cue.offset) \(cue.cue.rawValue) \(cue.stepIndex)/\(cue.side ?? "-")/\(cue.rep) \(cue.phase.rawValue)"
}

func lines(_ routine: Routine) -> [String] { Timeline(routine: routine).cues.map(line) }

/// Where a timeline offset falls, as a short line: `phase step/side/rep`.
func place(_ span: Timeline.Span) -> String {
    "\(span.phase.rawValue) \(span.stepIndex)/\(span.side ?? "-")/\(span.rep)"
}

@Suite struct TimelineHoldTests {
    @Test func singleHoldWithCountdown() {
        let timeline = Timeline(routine: routine(holdStep(prepare: 5, hold: 10, countdown: 3, release: 4)))
        #expect(timeline.cues.map(line) == [
            "0.0 begin 0/-/1 prepare",
            "5.0 hold 0/-/1 hold",
            "12.0 tick 0/-/1 hold",
            "13.0 tick 0/-/1 hold",
            "14.0 tick 0/-/1 hold",
            "15.0 release 0/-/1 release",
            "19.0 complete 0/-/1 complete",
        ])
        #expect(timeline.duration == 19)
        #expect(timeline.stepStarts == [0])
    }

    @Test func sidesRepsAndRest() {
        let step = holdStep(prepare: 2, hold: 5, countdown: 2, release: 1, reps: 2, rest: 6, sides: ["left", "right"])
        #expect(lines(routine(step)) == [
            "0.0 begin 0/left/1 prepare",
            "2.0 hold 0/left/1 hold",
            "5.0 tick 0/left/1 hold",
            "6.0 tick 0/left/1 hold",
            "7.0 release 0/left/1 release",
            "8.0 switch-side 0/right/1 prepare",
            "10.0 hold 0/right/1 hold",
            "13.0 tick 0/right/1 hold",
            "14.0 tick 0/right/1 hold",
            "15.0 release 0/right/1 release",
            // 16…22 rest: no cue opens it; the next rep's begin closes it.
            "22.0 begin 0/left/2 prepare",
            "24.0 hold 0/left/2 hold",
            "27.0 tick 0/left/2 hold",
            "28.0 tick 0/left/2 hold",
            "29.0 release 0/left/2 release",
            "30.0 switch-side 0/right/2 prepare",
            "32.0 hold 0/right/2 hold",
            "35.0 tick 0/right/2 hold",
            "36.0 tick 0/right/2 hold",
            "37.0 release 0/right/2 release",
            "38.0 complete 0/-/2 complete",
        ])
    }

    @Test func repsWithoutSidesBeginEveryRepAndRestOnlyBetween() {
        let step = holdStep(prepare: 1, hold: 2, countdown: 0, release: 1, reps: 3, rest: 4)
        #expect(lines(routine(step)) == [
            "0.0 begin 0/-/1 prepare", "1.0 hold 0/-/1 hold", "3.0 release 0/-/1 release",
            "8.0 begin 0/-/2 prepare", "9.0 hold 0/-/2 hold", "11.0 release 0/-/2 release",
            "16.0 begin 0/-/3 prepare", "17.0 hold 0/-/3 hold", "19.0 release 0/-/3 release",
            "20.0 complete 0/-/3 complete",
        ])
        let rests = Timeline(routine: routine(step)).spans.filter { $0.phase == .rest }
        #expect(rests.map { [$0.start, $0.end] } == [[4, 8], [12, 16]])
        #expect(rests.map(\.rep) == [1, 2])
        #expect(rests.allSatisfy { $0.side == nil && $0.cues.isEmpty })
    }

    @Test func countdownZeroHasNoTicks() {
        let cues = Timeline(routine: routine(holdStep(hold: 30, countdown: 0))).cues
        #expect(!cues.contains { $0.cue == .tick })
    }

    @Test(arguments: [
        // (hold, countdown, expected tick offsets relative to the hold cue)
        (10.0, 3, [7.0, 8, 9]),
        (10.0, 10, [1.0, 2, 3, 4, 5, 6, 7, 8, 9]),     // k = 10 would fall on the hold cue
        (3.0, 5, [1.0, 2]),                            // a countdown longer than the hold
        (2.5, 5, [0.5, 1.5]),
        (1.0, 3, []),                                  // the only tick would fall on the hold cue
        (0.0, 3, []),
        (6.0, 1_000_000_000, [1.0, 2, 3, 4, 5]),       // absurd countdowns stay bounded
    ])
    func countdownTicks(hold: Double, countdown: Int, ticks: [Double]) {
        let cues = Timeline(routine: routine(holdStep(prepare: 5, hold: hold, countdown: countdown))).cues
        #expect(cues.filter { $0.cue == .tick }.map { $0.offset - 5 } == ticks)
    }

    @Test(arguments: [
        // (hold, countdown, expected halfway offset relative to the hold cue, or nil)
        (20.0, 3, 10.0 as Double?),   // exactly the threshold
        (19.9, 3, nil),               // under it
        (60.0, 3, 30.0),
        (30.0, 0, 15.0),
        (20.0, 10, nil),              // a tick at 10 coincides
        (21.0, 11, nil),              // ticks at 10 and 11: 0.5 s away counts as within
        (23.0, 11, nil),              // tick at 12 is 0.5 s after 11.5
        (24.0, 11, 12.0),             // first tick at 13, 1 s away
        (23.2, 11, 11.6),             // first tick at 12.2, 0.6 s away
    ])
    func halfway(hold: Double, countdown: Int, expected: Double?) {
        let cues = Timeline(routine: routine(holdStep(prepare: 0, hold: hold, countdown: countdown))).cues
        let halfways = cues.filter { $0.cue == .halfway }
        #expect(halfways.map(\.offset) == (expected.map { [$0] } ?? []))
        #expect(halfways.allSatisfy { $0.phase == .hold })
    }

    @Test func halfwayComesBeforeTheTicks() {
        #expect(lines(routine(holdStep(prepare: 0, hold: 24, countdown: 3, release: 0))) == [
            "0.0 begin 0/-/1 prepare", "0.0 hold 0/-/1 hold", "12.0 halfway 0/-/1 hold",
            "21.0 tick 0/-/1 hold", "22.0 tick 0/-/1 hold", "23.0 tick 0/-/1 hold",
            "24.0 release 0/-/1 release", "24.0 complete 0/-/1 complete",
        ])
    }

    @Test func zeroPrepareKeepsBeginBeforeHold() {
        let timeline = Timeline(routine: routine(holdStep(prepare: 0, hold: 4, countdown: 0, release: 0,
                                                          sides: ["left", "right"])))
        #expect(timeline.cues.map(line) == [
            "0.0 begin 0/left/1 prepare", "0.0 hold 0/left/1 hold", "4.0 release 0/left/1 release",
            "4.0 switch-side 0/right/1 prepare", "4.0 hold 0/right/1 hold", "8.0 release 0/right/1 release",
            "8.0 complete 0/-/1 complete",
        ])
        // The zero-length prepare is kept as a span, but never "in force".
        #expect(timeline.spans.first.map(place) == "prepare 0/left/1")
        #expect(timeline.spans.first?.duration == 0)
        #expect(place(timeline.span(at: 0)) == "hold 0/left/1")
        #expect(place(timeline.span(at: 4)) == "hold 0/right/1")
    }

    @Test func badNumbersNeverBreakTheOrder() {
        let step = Step(name: "Odd", how: "-", prepare: -3, action: .hold(seconds: .nan, countdown: -2),
                        release: .infinity, reps: 0, rest: -1)
        #expect(lines(routine(step)) == [
            "0.0 begin 0/-/1 prepare", "0.0 hold 0/-/1 hold", "0.0 release 0/-/1 release",
            "0.0 complete 0/-/1 complete",
        ])
    }

    @Test func aRoutineWithoutStepsIsOnlyComplete() {
        let timeline = Timeline(routine: routine())
        #expect(timeline.cues.map(line) == ["0.0 complete 0/-/1 complete"])
        #expect(timeline.duration == 0)
        #expect(timeline.stepStarts.isEmpty)
        #expect(timeline.duration(ofStep: 0) == 0)
        #expect(timeline.span(at: 0).phase == .complete)
    }
}

@Suite struct TimelineBreathingTests {
    @Test func breathingWithoutPause() {
        #expect(lines(routine(breathStep(prepare: 3, inhale: 4, exhale: 6, pause: 0, breaths: 2, release: 5))) == [
            "0.0 begin 0/-/1 prepare",
            "3.0 inhale 0/-/1 inhale", "7.0 exhale 0/-/1 exhale",
            "13.0 inhale 0/-/2 inhale", "17.0 exhale 0/-/2 exhale",
            "23.0 release 0/-/2 release",
            "28.0 complete 0/-/2 complete",
        ])
        let phases = Timeline(routine: routine(breathStep(pause: 0))).spans.map(\.phase)
        #expect(!phases.contains(.breathPause))
    }

    @Test func breathingWithPause() {
        let timeline = Timeline(routine: routine(breathStep(prepare: 3, inhale: 4, exhale: 6, pause: 2,
                                                            breaths: 2, release: 5)))
        #expect(timeline.cues.map(line) == [
            "0.0 begin 0/-/1 prepare",
            "3.0 inhale 0/-/1 inhale", "7.0 exhale 0/-/1 exhale",
            "15.0 inhale 0/-/2 inhale", "19.0 exhale 0/-/2 exhale",
            "27.0 release 0/-/2 release",
            "32.0 complete 0/-/2 complete",
        ])
        #expect(timeline.spans.map { "\($0.start)-\($0.end) \(place($0))" } == [
            "0.0-3.0 prepare 0/-/1",
            "3.0-7.0 inhale 0/-/1", "7.0-13.0 exhale 0/-/1", "13.0-15.0 breath-pause 0/-/1",
            "15.0-19.0 inhale 0/-/2", "19.0-25.0 exhale 0/-/2", "25.0-27.0 breath-pause 0/-/2",
            "27.0-32.0 release 0/-/2",
            "32.0-32.0 complete 0/-/2",
        ])
        #expect(place(timeline.span(at: 14)) == "breath-pause 0/-/1")
    }

    @Test func breathingIgnoresSidesAndRest() {
        var step = breathStep(prepare: 1, inhale: 1, exhale: 1, breaths: 2, release: 1)
        step.sides = ["left", "right"]
        step.rest = 30
        #expect(lines(routine(step)) == [
            "0.0 begin 0/-/1 prepare", "1.0 inhale 0/-/1 inhale", "2.0 exhale 0/-/1 exhale",
            "3.0 inhale 0/-/2 inhale", "4.0 exhale 0/-/2 exhale", "5.0 release 0/-/2 release",
            "6.0 complete 0/-/2 complete",
        ])
    }
}

@Suite struct TimelineRoutineTests {
    /// Hold (0…20), two-sided hold (20…36), breathing (36…52).
    static let threeSteps = routine(
        holdStep("Wall slide", prepare: 5, hold: 10, countdown: 3, release: 5),
        holdStep("Shoulder roll", prepare: 2, hold: 4, countdown: 0, release: 2, sides: ["left", "right"]),
        breathStep("Deep breath", prepare: 2, inhale: 3, exhale: 3, pause: 0, breaths: 2, release: 2))

    @Test func stepStartsDurationAndCompleteLast() {
        let timeline = Timeline(routine: Self.threeSteps)
        #expect(timeline.stepStarts == [0, 20, 36])
        #expect(timeline.duration == 52)
        #expect((0..<3).map { timeline.duration(ofStep: $0) } == [20, 16, 16])
        #expect(timeline.duration(ofStep: 3) == 0)
        #expect(timeline.duration(ofStep: -1) == 0)
        #expect(timeline.cues.last.map(line) == "52.0 complete 2/-/2 complete")
        #expect(timeline.cues.filter { $0.cue == .complete }.count == 1)
        for (index, start) in timeline.stepStarts.enumerated() {
            let begin = timeline.cues[timeline.cueRange(ofStep: index).lowerBound]
            #expect(begin.cue == .begin && begin.offset == start && begin.stepIndex == index)
        }
    }

    @Test func cueRangesCoverEveryCueButComplete() {
        let timeline = Timeline(routine: Self.threeSteps)
        let ranges = (0..<3).map { timeline.cueRange(ofStep: $0) }
        #expect(ranges == [0..<6, 6..<12, 12..<18])
        for (step, range) in ranges.enumerated() {
            #expect(timeline.cues[range].allSatisfy { $0.stepIndex == step })
        }
        #expect(timeline.cueRange(ofStep: 3).isEmpty)
    }

    @Test func spansTileTheTimelineAndHoldTheirCues() {
        let timeline = Timeline(routine: Self.threeSteps)
        let spans = timeline.spans
        #expect(spans.first?.start == 0)
        #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.end == $1.start && $0.cues.upperBound == $1.cues.lowerBound })
        #expect(spans.last.map { [$0.start, $0.end] } == [52, 52])
        #expect(spans.last?.phase == .complete)
        #expect(spans.last?.cues == 18..<19)
        for span in spans {
            for cue in timeline.cues[span.cues] {
                #expect(cue.offset >= span.start && (cue.offset < span.end || span.duration == 0))
                #expect(cue.stepIndex == span.stepIndex && cue.rep == span.rep && cue.side == span.side)
            }
        }
    }

    @Test(arguments: [
        (-1.0, "prepare 0/-/1"), (0.0, "prepare 0/-/1"), (4.99, "prepare 0/-/1"), (5.0, "hold 0/-/1"),
        (14.5, "hold 0/-/1"), (15.0, "release 0/-/1"), (20.0, "prepare 1/left/1"), (22.0, "hold 1/left/1"),
        (27.0, "release 1/left/1"), (28.0, "prepare 1/right/1"), (33.0, "hold 1/right/1"),
        (35.0, "release 1/right/1"), (36.0, "prepare 2/-/1"), (38.0, "inhale 2/-/1"), (41.0, "exhale 2/-/1"),
        (44.0, "inhale 2/-/2"), (49.0, "exhale 2/-/2"), (50.0, "release 2/-/2"), (51.999, "release 2/-/2"),
        (52.0, "complete 2/-/2"), (1000.0, "complete 2/-/2"),
    ])
    func phaseInForce(offset: Double, expected: String) {
        #expect(place(Timeline(routine: Self.threeSteps).span(at: offset)) == expected)
    }

    @Test func wallStretchDuration() {
        // The built-in wall-stretch's numbers: prepare 8, hold 30, release 5, 3 reps, rest 10.
        let timeline = Timeline(routine: routine(holdStep(prepare: 8, hold: 30, countdown: 3, release: 5, reps: 3, rest: 10)))
        let reps = 3.0, perRep = 8.0 + 30 + 5, rest = 10.0
        #expect(timeline.duration == reps * perRep + (reps - 1) * rest)
        #expect(timeline.cues.filter { $0.cue == .halfway }.map(\.offset) == [23, 76, 129])
    }

    @Test func sameRoutineSameTimeline() {
        #expect(Timeline(routine: Self.threeSteps) == Timeline(routine: Self.threeSteps))
    }

    @Test func offsetsNeverGoBackwards() {
        let routines = [
            Self.threeSteps,
            routine(holdStep(prepare: 0.1, hold: 21.3, countdown: 11, release: 0.2, reps: 3, rest: 0.3,
                             sides: ["a", "b", "c"])),
            routine(breathStep(prepare: 0, inhale: 0.7, exhale: 1.1, pause: 0.3, breaths: 7, release: 0)),
        ]
        for routine in routines {
            let offsets = Timeline(routine: routine).cues.map(\.offset)
            #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }
}
