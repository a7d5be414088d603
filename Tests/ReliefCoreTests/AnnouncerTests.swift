import Testing
@testable import ReliefCore

/// When speech is handed out as a session runs, driven with time values only.
@Suite struct AnnouncerTests {
    let routine = Routine(name: "reach-and-bend", title: "Reach and bend", summary: "Two steps.", steps: [
        holdStep("Reach", prepare: 3, hold: 10, release: 3, sides: ["left", "right"]),
        holdStep("Bend", prepare: 3, hold: 10, release: 3),
    ])

    /// Runs a session from `origin`, calling `advance` at each armed deadline (and
    /// `command` once at `commandAt`), and collects every request with the instant it was made.
    func run(_ spoken: SpokenTimeline, origin: Double = 100, commandAt: Double? = nil,
             command: ((inout Session, Double) -> [SessionAction])? = nil) -> [(now: Double, request: Announcer.Request)] {
        var session = Session(timeline: spoken.timeline)
        var announcer = Announcer(spoken: spoken)
        var made: [(now: Double, request: Announcer.Request)] = []
        var actions = session.start(now: origin)
        var now = origin
        var commandDone = false
        for _ in 0..<1000 {
            made += announcer.requests(after: actions, in: session, now: now).map { (now: now, request: $0) }
            if session.isOver { break }
            guard case let .arm(deadline)? = actions.last(where: { if case .arm = $0 { true } else { false } }) else { break }
            if let commandAt, let command, !commandDone, commandAt <= deadline {
                now = max(now, commandAt)
                commandDone = true
                actions = command(&session, now)
                continue
            }
            now = deadline
            actions = session.advance(now: now)
        }
        return made
    }

    @Test func everyGroupIsHandedOutOnceAheadOfItsWindowAndEndsBeforeItsCue() {
        let spoken = SpokenTimeline(routine: routine)
        let made = run(spoken)
        let handed = made.flatMap { $0.request.announcements }
        #expect(handed == Array(spoken.announcements.indices))  // each once, in order
        let plan = spoken.plan
        for (now, request) in made {
            #expect(request.earliest >= now + plan.scheduleMargin - 1e-9)
            #expect(!request.late)
            guard let end = request.end, let cut = request.cutAt else {
                #expect(request.texts == [Guidance.closing(routine)])
                continue
            }
            #expect(abs(cut - end - plan.gapBeforeCue) < 1e-9)
            let needed = request.texts.map { plan.estimate($0) }.reduce(0, +) + plan.pauseBetween * Double(request.texts.count - 1)
            #expect(end - request.earliest >= needed - 1e-6, "\(request.texts)")
        }
        // The opening and the first step are said together at the start.
        #expect(made[0].request.texts == [spoken.announcements[0].text, spoken.announcements[1].text])
    }

    @Test func aSkippedToStepIsAnnouncedLateWithItsShortText() {
        let spoken = SpokenTimeline(routine: routine)
        // Skip during the first step's hold: the second step's begin sounds at once.
        let made = run(spoken, commandAt: 100 + spoken.timeline.cues[2].offset + 1) { session, now in
            (try? session.skip(now: now)) ?? []
        }
        let late = made.filter { $0.request.late }
        #expect(late.count == 1)
        #expect(late.first?.request.texts == [Guidance.lateStep(routine.steps[1])])
        // Nothing of the skipped part was handed out after the skip.
        let skippedSwitch = spoken.announcements.firstIndex { $0.kind == Announcement.Kind.switchSides(step: 0, side: 1) }!
        #expect(made.filter { $0.request.announcements.contains(skippedSwitch) }.isEmpty)
    }

    @Test func aStoppedSessionSaysNothingMore() {
        let spoken = SpokenTimeline(routine: routine)
        let made = run(spoken, commandAt: 100 + spoken.timeline.cues[1].offset) { session, now in
            (try? session.stop(now: now)) ?? []
        }
        #expect(made.allSatisfy { $0.now < 100 + spoken.timeline.cues[1].offset })
        #expect(!made.contains { $0.request.texts == [Guidance.closing(routine)] })
    }

    @Test func aPauseTakesSpeechBackAndResumeHandsItOutAgainLater() throws {
        let spoken = SpokenTimeline(routine: routine)
        var session = Session(timeline: spoken.timeline)
        var announcer = Announcer(spoken: spoken)
        let started = session.start(now: 0)
        let first = announcer.requests(after: started, in: session, now: 0)
        #expect(first.count == 1)
        let paused = try session.pause(now: 0.1)
        #expect(announcer.requests(after: paused, in: session, now: 0.1).isEmpty)
        let resumed = try session.resume(now: 50)
        let again = announcer.requests(after: resumed, in: session, now: 50)
        #expect(again.map { $0.announcements } == first.map { $0.announcements })
        #expect(again[0].earliest >= 50)
    }
}
