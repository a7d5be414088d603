import Dispatch
import Glibc
import Logging
import ReliefAudio
import ReliefCore
import ReliefVoice
import Synchronization
import Testing
@_spi(Testing) @testable import ReliefDaemon
import ReliefMeasure

/// A player that can speak: records cues and speech, reports each onset at once.
private final class SpeakingPlayer: CuePlayer, SpeechOutput, Sendable {
    let speechSampleRate = 48_000
    private let cues = Mutex<[(cue: Cue, at: Double)]>([])
    private let speech = Mutex<[(start: Double, end: Double)]>([])
    private let speechIDs = Mutex<[SpeechID]>([])
    private let cancels = Mutex<[Double]>([])

    func open() {}
    func close() {}
    func reloadSounds() {}
    func setOutput(device: String, volume: Double) {}
    var status: AudioStatus { AudioStatus(device: "speaking", ok: true) }

    func schedule(_ cue: Cue, at instant: Double, id: CueID, onset: @escaping @Sendable (Double?) -> Void) {
        cues.withLock { $0.append((cue, instant)) }
        onset(instant)
    }

    func schedule(clip: Clip, at instant: Double, id: SpeechID, onset: @escaping @Sendable (Double?) -> Void) {
        speech.withLock { $0.append((instant, instant + clip.duration)) }
        speechIDs.withLock { $0.append(id) }
        onset(instant)
    }

    func cancel(from instant: Double) {}
    func silence(idsFrom minimumID: SpeechID, from instant: Double) { cancels.withLock { $0.append(instant) } }

    var playedCues: [(cue: Cue, at: Double)] { cues.withLock { $0 } }
    var playedSpeech: [(start: Double, end: Double)] { speech.withLock { $0 } }
    var silenced: [Double] { cancels.withLock { $0 } }
    var playedSpeechIDs: [SpeechID] { speechIDs.withLock { $0 } }
}

private let reach = Routine(name: "reach", title: "Reach", summary: "Reach up.", steps: [
    Step(name: "Reach", how: "Reach up.", prepare: 2, action: .hold(seconds: 5, countdown: 3), release: 2,
         sides: ["left", "right"]),
    Step(name: "Bend", how: "Bend forwards.", prepare: 2, action: .hold(seconds: 4, countdown: 0), release: 2),
])

/// The scheduler with spoken guidance: the spoken timeline is what plays, speech reaches the
/// player around the cues, and a scheduled break is announced inside its warning window.
///
/// Time is a `ManualClock` the tests step; speech is placed against the same clock. espeak-ng
/// renders in real time, so before each step a test waits for the speech asked for so far
/// (`Scheduler.settleSpeech`): what is said, and where, is the same on every run.
@Suite(.serialized) struct SchedulerVoiceTests {
    let voice = Voice(settings: VoiceSettings(enabled: true, rate: 300),
                      engine: EspeakNG(executable: "/usr/bin/espeak-ng", voice: "en", rate: 300))

    fileprivate func makeScheduler(timeScale: Double, player: SpeakingPlayer, directory: TemporaryDirectory,
                       warning: Double = 10, briefing: SafetyBriefingRecord? = nil, clock: ManualClock) throws -> Scheduler {
        let history = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
        let spoken = SessionVoice(voice: voice, timeScale: timeScale, player: player) { problem in
            Issue.record("\(problem)")
        }
        return Scheduler(settings: Scheduler.Settings(timeScale: timeScale, breakRoutine: "reach", warningSeconds: warning),
                         player: player, routines: StaticRoutineSource(routines: [reach]), history: history,
                         logger: Logger(label: "test"), voice: spoken, briefing: briefing, clock: clock)
    }

    /// Steps `clock` by `step` for `seconds` (or until `done`), settling speech before each step.
    private func run(_ scheduler: Scheduler, on clock: ManualClock, for seconds: Double, step: Double = 0.05,
                     until done: () -> Bool = { false }) {
        let end = clock.now() + seconds
        while clock.now() < end, !done() {
            scheduler.settleSpeech()
            clock.advance(by: step)
        }
        scheduler.settleSpeech()
    }

    @Test func aSessionPlaysTheSpokenTimelineWithSpeechBetweenTheCues() throws {
        let directory = try TemporaryDirectory()
        let player = SpeakingPlayer()
        let timeScale = 0.2
        let clock = ManualClock()
        let scheduler = try makeScheduler(timeScale: timeScale, player: player, directory: directory, clock: clock)
        let spoken = SpokenTimeline(routine: reach, plan: voice.plan(timeScale: timeScale))
        let started = try scheduler.start(routine: "reach", scheduled: false)
        #expect(started.duration == spoken.duration)
        #expect(try scheduler.show("reach").routine.spoken?.map(\.text) == spoken.announcements.map(\.text))
        run(scheduler, on: clock, for: spoken.duration * timeScale + 1)
        try #require(player.playedSpeech.count == spoken.groups.count,
                     "\(player.playedSpeech.count) of \(spoken.groups.count) speeches")

        let cues = player.playedCues
        #expect(cues.map(\.cue) == spoken.timeline.cues.map(\.cue))
        for (cue, timed) in zip(cues, spoken.timeline.cues) {
            #expect(abs((cue.at - cues[0].at) - (timed.offset - spoken.timeline.cues[0].offset) * timeScale) < 1e-6)
        }
        let theme = CueTheme.builtIn()
        for said in player.playedSpeech {
            for cue in cues {
                #expect(said.end <= cue.at || said.start >= cue.at + theme.clips[cue.cue]!.duration,
                        "speech \(said) overlaps \(cue.cue.rawValue) at \(cue.at)")
            }
        }
    }

    @Test func aScheduledBreakIsAnnouncedInsideItsWarningWindow() throws {
        let directory = try TemporaryDirectory()
        let player = SpeakingPlayer()
        let clock = ManualClock()
        let scheduler = try makeScheduler(timeScale: 1, player: player, directory: directory, clock: clock)
        let before = clock.now()
        let started = try scheduler.start(routine: nil, scheduled: true)
        let beginsAt = before + (started.startsIn ?? 0)
        run(scheduler, on: clock, for: 5) { !player.playedSpeech.isEmpty }
        try #require(player.playedSpeech.count == 1)
        let warning = try #require(player.playedCues.first)
        #expect(warning.cue == .warning)
        let said = player.playedSpeech[0]
        #expect(said.start >= warning.at + GuidancePlan().cueClearance)
        #expect(said.end <= beginsAt + 0.01)
        #expect(said.end - said.start > 1)  // "Reach in ten seconds. To skip it, run relief-ctl stop."
        // Stopping the break silences its announcement.
        _ = try scheduler.stop()
        #expect(player.silenced.count == 1)
    }

    // MARK: Safety heard (issue 12)

    @Test func theFirstSessionEverOpensWithTheBriefingUntilItHasBeenHeard() throws {
        let directory = try TemporaryDirectory()
        let player = SpeakingPlayer()
        let record = SafetyBriefingRecord(directory: directory.path)
        let clock = ManualClock()
        let scheduler = try makeScheduler(timeScale: 0.2, player: player, directory: directory, briefing: record,
                                          clock: clock)
        let plan = voice.plan(timeScale: 0.2)
        let withBriefing = SpokenTimeline(routine: reach, plan: plan, briefing: true)
        let without = SpokenTimeline(routine: reach, plan: plan)
        #expect(withBriefing.announcements.first?.kind == .briefing)
        #expect(withBriefing.announcements.first?.text == Guidance.briefing())
        #expect(withBriefing.duration > without.duration)

        // No history, nothing heard: the session opens with the briefing (its lead-in included).
        #expect(try scheduler.start(routine: "reach", scheduled: false).duration == withBriefing.duration)
        scheduler.settleSpeech()
        try #require(player.playedSpeech.count == 1)
        let first = player.playedSpeech[0]
        // The briefing and the opening said back to back: far longer than the opening alone.
        #expect(first.end - first.start > voice.plan().estimate(Guidance.opening(reach, length: 60)) + 10)
        // Stopped before the first step: not heard, so the next session opens with it again.
        _ = try scheduler.stop()
        #expect(!record.heard)
        #expect(try scheduler.start(routine: "reach", scheduled: false).duration == withBriefing.duration)
        _ = try scheduler.stop()

        // `safety` says the notes and counts them heard; from then on sessions open without them.
        let safety = scheduler.safety()
        #expect(safety.notes == SafetyNotes.general)
        #expect(safety.spoken && safety.reason == nil)
        #expect(record.heard)
        #expect(access(directory.path + "/safety-briefing-heard", F_OK) == 0)
        #expect(SafetyBriefingRecord(directory: directory.path).heard)  // it survives a restart
        let count = player.playedSpeech.count
        scheduler.settleSpeech()
        try #require(player.playedSpeech.count == count + 1)
        #expect(player.playedSpeechIDs.last == SpokenGuide.safetyID)
        #expect(try scheduler.start(routine: "reach", scheduled: false).duration == without.duration)
        _ = try scheduler.stop()
    }

    @Test func theBriefingCountsAsHeardOnceTheFirstStepBegins() throws {
        let directory = try TemporaryDirectory()
        let player = SpeakingPlayer()
        let record = SafetyBriefingRecord(directory: directory.path)
        let clock = ManualClock()
        let scheduler = try makeScheduler(timeScale: 0.05, player: player, directory: directory, briefing: record,
                                          clock: clock)
        _ = try scheduler.start(routine: "reach", scheduled: false)
        run(scheduler, on: clock, for: 90) { player.playedCues.contains { $0.cue == .begin } }
        let begin = try #require(player.playedCues.first { $0.cue == .begin })
        // After the whole briefing: the begin is placed after the speech before it.
        #expect(begin.at >= player.playedSpeech[0].end)
        #expect(!record.heard)  // handed to the player ahead of its instant: not sounded yet
        run(scheduler, on: clock, for: begin.at - clock.now() + 0.01)
        #expect(record.heard)
        _ = try scheduler.stop()
    }

    @Test func aScheduledBreakNeverComesBeforeTheSafetyNotesWereHeard() throws {
        let directory = try TemporaryDirectory()
        let player = RecordingCuePlayer()
        let history = try HistoryStore(directory: directory.path, logger: Logger(label: "test"))
        // No voice: the briefing cannot be said, so breaks wait for `safety`.
        let scheduler = Scheduler(settings: Scheduler.Settings(timeScale: 0.01, breakRoutine: "reach"), player: player,
                                  routines: StaticRoutineSource(routines: [reach]), history: history,
                                  logger: Logger(label: "test"), briefing: SafetyBriefingRecord(directory: directory.path),
                                  clock: ManualClock())
        #expect(try scheduler.start(routine: nil, scheduled: true).skipped == "briefing")
        let safety = scheduler.safety()
        #expect(!safety.spoken)
        #expect(safety.reason?.contains("spoken guidance is off") == true)
        #expect(safety.notes.count == SafetyNotes.general.count)
        let started = try scheduler.start(routine: nil, scheduled: true)
        #expect(started.skipped == nil && started.routine == "reach")
        _ = try scheduler.stop()
    }

    @Test func stopSaysNothingNewAndTheStopCueSoundsWithin50ms() throws {
        let directory = try TemporaryDirectory()
        let player = SpeakingPlayer()
        let clock = ManualClock()
        let scheduler = try makeScheduler(timeScale: 0.2, player: player, directory: directory, clock: clock)
        _ = try scheduler.start(routine: "reach", scheduled: false)
        scheduler.settleSpeech()
        try #require(!player.playedSpeech.isEmpty)
        let before = player.playedSpeech.count
        let stoppedAt = clock.now()
        _ = try scheduler.stop()
        let stop = try #require(player.playedCues.last)
        #expect(stop.cue == .stop)
        #expect(stop.at - stoppedAt <= 0.05, "the stop cue is placed \(stop.at - stoppedAt) s after the command")
        #expect(player.silenced.contains { $0 <= stop.at })  // speech sounding then fades out
        run(scheduler, on: clock, for: 0.5)
        #expect(player.playedSpeech.count == before)  // and nothing new is said
    }
}
