import Glibc
import ReliefAudio
import ReliefCore
import ReliefSystem
import Testing
@testable import ReliefVoice

/// Records the speech a guide queues instead of playing it.
final class SpeechRecorder: SpeechOutput, @unchecked Sendable {  // guarded by `lock`
    let speechSampleRate = 48_000
    private var lock = pthread_mutex_t()
    private var recorded: [(start: Double, clip: Clip)] = []

    init() { pthread_mutex_init(&lock, nil) }

    func schedule(clip: Clip, at instant: Double, id: SpeechID, onset: @escaping @Sendable (Double?) -> Void) {
        pthread_mutex_lock(&lock)
        recorded.append((instant, clip))
        pthread_mutex_unlock(&lock)
        onset(instant)
    }

    private var silenced: [(minimumID: SpeechID, instant: Double)] = []

    func silence(idsFrom minimumID: SpeechID, from instant: Double) {
        pthread_mutex_lock(&lock)
        silenced.append((minimumID, instant))
        pthread_mutex_unlock(&lock)
    }

    var silences: [(minimumID: SpeechID, instant: Double)] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return silenced
    }

    var speech: [(start: Double, clip: Clip)] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return recorded
    }

    /// Waits (bounded) until `count` speeches (those `matching`) were queued.
    func wait(for count: Int, timeout: Double, matching: (Double) -> Bool = { _ in true }) -> Bool {
        let deadline = monotonicSeconds() + timeout
        while speech.filter({ matching($0.start) }).count < count {
            if monotonicSeconds() > deadline { return false }
            usleep(5_000)
        }
        return true
    }
}

/// A whole session followed by a guide, in time values ahead of the clock (so nothing
/// waits for real time), with real espeak-ng renderings.
@Suite struct SpokenGuideTests {
    static let voice = Voice(settings: VoiceSettings(enabled: true),
                             engine: EspeakNG(executable: "/usr/bin/espeak-ng", voice: "en", rate: 160))

    let routine = Routine(name: "reach-and-twist", title: "Reach and twist", summary: "Two steps.",
                          cautions: ["Keep it gentle."], steps: [
        Step(name: "Reach", how: "Reach up with one arm.", prepare: 2, action: .hold(seconds: 6, countdown: 3),
             release: 2, reps: 2, rest: 1, sides: ["left", "right"]),
        Step(name: "Seated twist", how: "Sit tall and turn towards the named side.", prepare: 1,
             action: .hold(seconds: 8, countdown: 0), release: 2, reps: 1, rest: 0, sides: []),
    ])

    @Test(arguments: [1.0, 0.25])
    func speechComesBeforeEveryStepAndNeverOverlapsACue(timeScale: Double) throws {
        let spoken = Self.voice.spokenTimeline(for: routine, timeScale: timeScale)
        let recorder = SpeechRecorder()
        let guide = Self.voice.guide(spoken, output: recorder) { problem in Issue.record("\(problem)") }
        var session = Session(timeline: spoken.timeline, timeScale: timeScale)
        let origin = monotonicSeconds() + 5
        var now = origin
        var actions = session.start(now: now)
        var cues: [(cue: Cue, at: Double)] = []
        for _ in 0..<500 {
            guide.follow(actions, in: session, now: now)
            for case let .play(timed, at) in actions { cues.append((timed.cue, at)) }
            guard case let .arm(deadline)? = actions.last(where: { if case .arm = $0 { true } else { false } }) else { break }
            now = deadline
            actions = session.advance(now: now)
        }
        #expect(session.outcome == .completed)
        guide.close()
        #expect(recorder.silences.isEmpty)  // a session that runs through is never silenced
        try #require(recorder.wait(for: spoken.groups.count, timeout: 30), "\(recorder.speech.count) of \(spoken.groups.count)")

        let theme = CueTheme.builtIn()
        let speech = recorder.speech.map { (start: $0.start, end: $0.start + $0.clip.duration) }.sorted { $0.start < $1.start }
        for said in speech {
            for cue in cues {
                let cueEnd = cue.at + theme.clips[cue.cue]!.duration
                #expect(said.end <= cue.at || said.start >= cueEnd,
                        "speech \(said.start - origin)…\(said.end - origin) overlaps \(cue.cue.rawValue) at \(cue.at - origin)")
            }
        }
        for (earlier, later) in zip(speech, speech.dropFirst()) { #expect(earlier.end <= later.start) }
        // Before every step's first begin, speech that starts after the cue before it.
        let timed = spoken.timeline.cues
        let begins = timed.indices.filter { $0 == 0 || timed[$0].stepIndex != timed[$0 - 1].stepIndex }
        #expect(begins.count == routine.steps.count)
        for (step, begin) in begins.enumerated() {
            let at = cues[begin].at
            let after = begin > 0 ? cues[begin - 1].at : origin
            #expect(speech.contains { $0.start >= after && $0.end <= at }, "no speech before step \(step)")
        }
        // The closing line after `complete`.
        let complete = try #require(cues.last)
        #expect(complete.cue == .complete)
        #expect(speech.last.map { $0.start >= complete.at } == true)
    }

    @Test func aPauseOrStopSilencesSpeechFromThatInstantAndSaysNothingStale() throws {
        let spoken = Self.voice.spokenTimeline(for: routine)
        let recorder = SpeechRecorder()
        let guide = Self.voice.guide(spoken, output: recorder)
        var session = Session(timeline: spoken.timeline)
        let origin = monotonicSeconds() + 5
        guide.follow(session.start(now: origin), in: session, now: origin)
        // Paused 2 s in, in the middle of the opening: speech is silenced from that instant.
        let pausedAt = origin + 2
        guide.follow(try session.pause(now: pausedAt), in: session, now: pausedAt)
        #expect(recorder.silences.map(\.instant) == [pausedAt])
        #expect(recorder.silences.first?.minimumID == SpokenGuide.breakIDBase)
        // Resumed: the opening is handed out again and queued after the resume.
        let resumedAt = origin + 60
        guide.follow(try session.resume(now: resumedAt), in: session, now: resumedAt)
        try #require(recorder.wait(for: 1, timeout: 10) { $0 >= resumedAt })
        // Anything queued before the resume was queued before the pause (the silence ends it).
        #expect(recorder.speech.filter { $0.start < resumedAt }.allSatisfy { $0.start < pausedAt })
        let stoppedAt = resumedAt + 1
        guide.follow(try session.stop(now: stoppedAt), in: session, now: stoppedAt)
        #expect(recorder.silences.map(\.instant) == [pausedAt, stoppedAt])
        guide.close()
    }
}
