import Testing
@testable import ReliefCore

/// Lead-ins: room for every announcement before its cue, nothing else moved.
@Suite struct SpokenTimelineTests {
    @Test func withoutLeadInsTheTimelineIsUnchanged() {
        let plain = routine(holdStep(prepare: 30, release: 30), holdStep(prepare: 30))
        #expect(Timeline(routine: plain, leadIns: [:]) == Timeline(routine: plain))
    }

    @Test func aShortPrepareGetsALeadInJustBeforeItsBegin() {
        let routine = routine(holdStep("First", prepare: 2, hold: 5, release: 1),
                              holdStep("Second step with a long name", prepare: 1, hold: 5, release: 1))
        let plain = Timeline(routine: routine)
        let spoken = SpokenTimeline(routine: routine)
        // Same cues in the same order; only offsets move.
        #expect(spoken.timeline.cues.map(\.cue) == plain.cues.map(\.cue))
        #expect(spoken.duration > plain.duration)
        #expect(spoken.durationWithoutLeadIns == plain.duration)
        let secondBegin = plain.beginIndices[1]
        let leadIn = try! #require(spoken.leadIns.first { $0.beforeCue == secondBegin })
        #expect(leadIn.seconds > 0)
        // Cues within each step keep their spacing.
        for step in 0..<2 {
            let indices = plain.cues.indices.filter { plain.cues[$0].stepIndex == step && plain.cues[$0].cue != .complete }
            let first = indices[0]
            for index in indices {
                let plainGap = plain.cues[index].offset - plain.cues[first].offset
                let spokenGap = spoken.timeline.cues[index].offset - spoken.timeline.cues[first].offset
                #expect(abs(plainGap - spokenGap) < 1e-9)
            }
        }
        // The span before the second begin (the first step's release) got longer by the lead-in.
        let releaseGap = spoken.timeline.cues[secondBegin].offset - spoken.timeline.cues[secondBegin - 1].offset
        let plainGap = plain.cues[secondBegin].offset - plain.cues[secondBegin - 1].offset
        #expect(abs(releaseGap - plainGap - leadIn.seconds) < 1e-9)
        // Before the very first cue: a rest span of the first step opens the timeline.
        #expect(spoken.timeline.spans[0].phase == .rest)
        #expect(spoken.timeline.cues[0].offset > 0)
    }

    @Test func everyAnnouncementFitsBetweenItsCuesWithTheClearances() {
        for timeScale in [1.0, 0.5, 0.1] {
            let plan = GuidancePlan(timeScale: timeScale)
            for routine in BuiltinRoutines.all {
                let spoken = SpokenTimeline(routine: routine, plan: plan)
                for group in spoken.groups {
                    let members = group.map { spoken.announcements[$0] }
                    let first = members[0]
                    let clearance = (first.openerCue == nil ? plan.openingDelay : plan.cueClearance) / timeScale
                    #expect(first.plannedStart >= first.windowStart + clearance - 1e-9, "\(routine.name) \(first.text)")
                    guard let windowEnd = first.windowEnd else { continue }
                    let last = members[members.count - 1]
                    let end = last.plannedStart + last.estimatedSeconds / timeScale
                    #expect(end <= windowEnd - plan.gapBeforeCue / timeScale + 0.011 / timeScale,
                            "\(routine.name) at \(timeScale): \(last.text) ends \(end), cue at \(windowEnd)")
                }
            }
        }
    }

    @Test func longGapsNeedNoLeadInAndTheOpeningNamesTheFinalLength() {
        var routine = routine(holdStep("Reach", prepare: 30, hold: 20, release: 30, sides: ["left", "right"]),
                              holdStep("Bend", prepare: 30, hold: 20, release: 5))
        routine.title = "Reach"
        let spoken = SpokenTimeline(routine: routine)
        // Only the start, where nothing comes before the first begin, needs one.
        #expect(spoken.leadIns.map(\.beforeCue) == [0])
        #expect(abs(spoken.duration - Timeline(routine: routine).duration - spoken.leadIns[0].seconds) < 1e-9)
        let opening = try! #require(spoken.announcements.first)
        #expect(opening.kind == .opening)
        #expect(opening.text.hasPrefix("Reach, \(SpokenNumber.length(spoken.duration))."))
    }

    @Test func aSidedRepeatedStepSaysItsSwitchesAndLastOneInOrder() {
        let routine = routine(holdStep(prepare: 1, reps: 2, sides: ["left", "right"]))
        let spoken = SpokenTimeline(routine: routine)
        let kinds = spoken.announcements.map(\.kind)
        #expect(kinds == [.opening, .step(0), .switchSides(step: 0, side: 1), .repetition(step: 0, rep: 2),
                          .switchSides(step: 0, side: 1), .closing])
        let starts = spoken.announcements.map(\.plannedStart)
        #expect(starts == starts.sorted())
        // The opening and the step are one group, said back to back before the first begin.
        #expect(spoken.groups.first == [0, 1])
    }
}
