import ReliefMeasure
import Testing
@testable import ReliefCore

/// Routines with awkward numbers: sides, reps, rests, long countdowns, a halfway cue,
/// breathing with pauses and zero-length phases.
let propertyRoutines: [Routine] = [
    threeSteps,
    routine(
        holdStep("Twist", prepare: 0.5, hold: 21.3, countdown: 11, release: 0.2, reps: 3, rest: 0.3, sides: ["left", "right"]),
        breathStep("Breathe", prepare: 0, inhale: 0.7, exhale: 1.1, pause: 0.3, breaths: 4, release: 0)),
    routine(
        holdStep("Long", prepare: 0, hold: 24, countdown: 3, release: 0),
        holdStep("Blink", prepare: 0, hold: 0, countdown: 0, release: 0),
        holdStep("Short", prepare: 1, hold: 2.5, countdown: 5, release: 1, reps: 2, rest: 0)),
]

/// Performs a session's actions and checks, for every action list, the promises the
/// daemon relies on.
struct ActionChecker {
    var session: Session
    var now: Double
    private(set) var deadline: Double?
    /// Plays not cancelled: (cue index, instant).
    private(set) var live: [(index: Int, at: Double)] = []
    private var playedSinceCancel: Set<Int> = []
    private(set) var outcome: Outcome?
    private let indexOf: [TimedCue: Int]
    /// What happened, one line per action list, for failure messages.
    var trace: [String] = []
    var recent: String { trace.suffix(12).joined(separator: "\n") }

    init(session: Session, now: Double) {
        self.session = session
        self.now = now
        indexOf = Dictionary(session.timeline.cues.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Calls `advance` at every armed deadline up to `time` (a punctual scheduler), then moves to `time`.
    mutating func run(until time: Double) {
        while let deadline, deadline <= time {
            now = deadline
            check(session.advance(now: deadline), punctual: true)
        }
        now = max(now, time)
    }

    mutating func check(_ actions: [SessionAction], punctual: Bool, what: String = "advance") {
        trace.append("\(now) \(what): " + actions.map(short).joined(separator: ", "))
        if outcome != nil {
            #expect(actions.isEmpty, "actions after the session finished")
            return
        }
        // Order: cancel, playNow, plays, then at most one arm or finish, last.
        let ranks = actions.map { action -> Int in
            switch action {
            case .cancelScheduled: 0
            case .playNow: 1
            case .play: 2
            case .arm, .finish: 3
            }
        }
        #expect(ranks == ranks.sorted(), "actions out of order: \(actions)")
        #expect(ranks.filter { $0 == 3 }.count <= 1, "more than one arm/finish: \(actions)")
        var armed = false
        for action in actions {
            switch action {
            case let .cancelScheduled(from):
                #expect(from == now)
                live.removeAll { $0.at >= from }
                playedSinceCancel = []
            case .playNow: break
            case let .play(cue, at):
                guard let index = indexOf[cue] else {
                    Issue.record("played a cue that is not in the timeline: \(cue)")
                    continue
                }
                #expect(!playedSinceCancel.contains(index), "cue \(index) played twice without a cancel")
                playedSinceCancel.insert(index)
                // Nothing is lost: what sounds is the timeline in order, except where skip or
                // back jumped to a step's begin (or to complete).
                let follows = index == (live.last.map { $0.index + 1 } ?? 0)
                #expect(follows || [.begin, .complete].contains(cue.cue),
                        "cue \(index) follows \(live.last.map { "\($0.index)" } ?? "nothing"): a cue was lost\n\(recent)")
                let latest = live.map(\.at).max() ?? -.infinity
                #expect(at >= latest, "cue \(index) at \(at) before an earlier play at \(latest)")
                if punctual { #expect(at >= now - 1e-9, "cue \(index) at \(at) handed out late at \(now)") }
                live.append((index, at))
            case let .arm(deadline):
                #expect(deadline > now, "armed \(deadline) not after now \(now)")
                self.deadline = deadline
                armed = true
            case let .finish(outcome):
                self.outcome = outcome
            }
        }
        if !armed { deadline = nil }
        let position = session.position(now: now)
        if outcome != nil {
            #expect(session.isOver && session.outcome == outcome && position.state == .idle)
        } else if position.state == .running {
            #expect(armed, "running without a deadline: \(actions)")
        }
        #expect(position.elapsed >= 0 && position.remaining >= 0)
        // Extensions only add routine time.
        #expect(position.elapsed + position.remaining >= session.timeline.duration - 1e-9)
    }
}

/// An action as a few characters: `c@from`, `now:cue`, `cueIndex@at`, `arm@deadline`, `finish:outcome`.
func short(_ action: SessionAction) -> String {
    switch action {
    case let .cancelScheduled(from): "cancel@\(from)"
    case let .playNow(cue): "now:\(cue)"
    case let .play(cue, at): "\(cue.cue)(\(cue.stepIndex))@\(at)"
    case let .arm(deadline): "arm@\(deadline)"
    case let .finish(outcome): "finish:\(outcome)"
    }
}

@Suite struct SessionPropertyTests {
    @Test(arguments: 0..<300)
    func randomCommandSequencesKeepThePromises(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let routine = propertyRoutines[seed % propertyRoutines.count]
        let timeScale = [1, 0.05, 0.5, 0.37][Int.random(in: 0..<4, using: &random)]
        let lookahead = [0, 0.05, 0.25][Int.random(in: 0..<3, using: &random)]
        let start = Double.random(in: 0..<10_000, using: &random)
        var checker = ActionChecker(
            session: Session(timeline: Timeline(routine: routine), timeScale: timeScale, lookahead: lookahead),
            now: start)
        checker.check(checker.session.start(now: start), punctual: true)

        for _ in 0..<80 where checker.outcome == nil {
            let gap = Bool.random(using: &random) ? 0 : Double.random(in: 0...4, using: &random) * timeScale
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 8 {
                // A late scheduler: jump past deadlines, then advance once.
                checker.now += gap + timeScale
                checker.check(checker.session.advance(now: checker.now), punctual: false)
                continue
            }
            checker.run(until: checker.now + gap)
            guard roll >= 20 else { continue }  // time only
            let command = roll < 23 ? Command.stop : [Command.pause, .resume, .toggle, .skip, .back, .extend][roll % 6]
            let before = checker.session.position(now: checker.now)
            do {
                let actions = try command.apply(to: &checker.session, now: checker.now)
                checker.check(actions, punctual: true, what: "\(command)")
            } catch {
                // A refused command changes nothing.
                #expect(checker.session.position(now: checker.now) == before, "\(command) failed with \(error) yet moved")
            }
            if checker.session.position(now: checker.now).state == .paused {
                let frozen = checker.session.position(now: checker.now)
                #expect(checker.session.position(now: checker.now + 100) == frozen)
            }
        }
        // Finish the session: resume if paused, then let it run out.
        if checker.session.position(now: checker.now).state == .paused {
            checker.check((try? checker.session.resume(now: checker.now)) ?? [], punctual: true)
        }
        checker.run(until: .infinity)
        #expect(checker.outcome != nil)
        if checker.outcome == .completed {
            #expect(checker.live.last?.index == checker.session.timeline.cues.count - 1)
        }
        for command in Command.allCases {
            #expect(throws: SessionError.notRunning) { try command.apply(to: &checker.session, now: checker.now) }
        }
    }

    /// With only pauses and resumes, every cue sounds exactly once, in order, moved by exactly
    /// the pauses that began before it sounded.
    @Test(arguments: 0..<100)
    func pausesOnlyShiftTheRestOfTheTimeline(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &+ 1_000)
        let routine = propertyRoutines[seed % propertyRoutines.count]
        let timeScale = [1, 0.05, 0.5][seed % 3]
        var scheduler = Scheduler(routine, timeScale: timeScale, lookahead: 0.05)
        let cues = scheduler.cues
        scheduler.start(at: 1000)
        var pauses: [(from: Double, to: Double)] = []
        var now = 1000.0
        for _ in 0..<Int.random(in: 1...12, using: &random) {
            now += Double.random(in: 0...6, using: &random) * timeScale
            guard now < 1000 + Timeline(routine: routine).duration * timeScale else { break }
            scheduler.run(until: now)
            guard scheduler.outcome == nil else { break }
            try scheduler.send(.pause, at: now)
            let resumeAt = now + Double.random(in: 0...30, using: &random)
            try scheduler.send(.resume, at: resumeAt)
            pauses.append((now, resumeAt))
            // Time while paused is not the routine's: the plan restarts from the resume.
            now = resumeAt
        }
        scheduler.run(until: .infinity)
        #expect(scheduler.outcome == .completed)
        #expect(scheduler.heard.map(\.cue) == cues)
        for (cue, heard) in zip(cues, scheduler.heard) {
            var instant = 1000 + cue.offset * timeScale
            for pause in pauses where instant >= pause.from { instant += pause.to - pause.from }
            #expect(abs(heard.at - instant) < 1e-9, "\(cue.cue) at \(heard.at), expected \(instant)")
        }
    }
}
