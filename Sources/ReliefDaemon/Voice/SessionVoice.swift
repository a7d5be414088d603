import ReliefAudio
import ReliefCore
import ReliefProtocol
@_spi(Testing) import ReliefVoice
import Synchronization

/// Spoken guidance as the scheduler uses it: which timeline a routine plays with voice on
/// (the one with lead-ins), what `show` says will be spoken, each session's `SpokenGuide`,
/// and the scheduled-break announcement.
///
/// Only made when voice is on and espeak-ng was found (`Voice.setUp`); a scheduler without
/// one plays `Timeline(routine:)` exactly as before. Speech goes to the player's
/// `CuePlayer.speech` (the `CueStream`); with a player that has none (`--silent`), sessions
/// keep the spoken timeline and `show` its script, but nothing is rendered.
public final class SessionVoice: Sendable {
    /// The daemon's voice: settings and the espeak-ng command.
    public let voice: Voice
    /// The daemon's `--time-scale`: lead-ins are computed for it, since speech keeps its length.
    public let timeScale: Double
    private let output: (any SpeechOutput)?
    private let problems: @Sendable (String) -> Void
    /// Counts break announcements and cancellations: a rendering that finishes after its
    /// break was cancelled sees another number and is not queued.
    private let breakGeneration = Mutex(0)

    /// Spoken guidance with `voice`, for sessions at `timeScale` played by `player`;
    /// `problems` hears rendering problems (the first of each session), for the log.
    public init(voice: Voice, timeScale: Double, player: any CuePlayer,
                problems: @escaping @Sendable (String) -> Void) {
        self.voice = voice
        self.timeScale = timeScale
        output = player.speech
        self.problems = problems
    }

    /// What `routine` says and when, with the timeline it plays; with `briefing`, opened
    /// by the safety briefing (the first session ever).
    public func spoken(_ routine: Routine, briefing: Bool = false) -> SpokenTimeline {
        voice.spokenTimeline(for: routine, timeScale: timeScale, briefing: briefing)
    }

    /// Whether speech reaches a device (false with `--silent`): only then can a briefing be heard.
    var canSpeak: Bool { output != nil }

    /// Says every general safety note now (`relief-ctl safety`), starting `lead` seconds
    /// from `clock`'s now; false when the player cannot play speech.
    func sayBriefing(lead: Double, clock: any ReliefClock) -> Bool {
        guard let output else { return false }
        voice.say(Guidance.briefing(), from: clock.now() + lead, cutAt: nil, output: output, id: SpokenGuide.safetyID,
                  clock: clock, problems: problems)
        return true
    }

    /// The lines of `show`: each announcement with its planned offset (time scale 1).
    public static func script(of spoken: SpokenTimeline) -> [SpokenLine] {
        spoken.announcements.map { SpokenLine(at: ($0.plannedStart * 1000).rounded() / 1000, text: $0.text) }
    }

    /// The guide of a session starting to play `spoken.timeline`; it renders every
    /// announcement on a background queue at once. Nil when the player cannot play speech.
    func guide(for spoken: SpokenTimeline, clock: any ReliefClock) -> SpokenGuide? {
        guard let output else { return nil }
        return voice.guide(spoken, output: output, clock: clock, problems: problems)
    }

    /// Says what a scheduled break is about to start and how to skip it, after the
    /// `warning` cue sounding at `warningAt`, silent before the session begins at `beginsAt`.
    func announceBreak(_ routine: Routine, warningAt: Double, beginsAt: Double, clock: any ReliefClock) {
        guard let output else { return }
        let plan = voice.plan(timeScale: timeScale)
        let generation = breakGeneration.withLock { value in
            value += 1
            return value
        }
        voice.say(Guidance.scheduledBreak(routine, in: beginsAt - warningAt), from: warningAt + plan.cueClearance,
                  cutAt: beginsAt, output: output, clock: clock, problems: problems,
                  isCancelled: { [self] in breakGeneration.withLock { $0 != generation } })
    }

    /// The pending break was cancelled at `now`: its announcement stops (with a short fade)
    /// if sounding, is dropped if queued, and is not queued if still rendering.
    func cancelBreak(now: Double) {
        breakGeneration.withLock { $0 += 1 }
        output?.silence(idsFrom: SpokenGuide.breakIDBase, from: now)
    }
}

extension Scheduler {
    /// Returns once the speech asked for so far (the session's and any one-off) is rendered
    /// and queued. Rendering runs in real time, so a test stepping a manual clock settles
    /// speech before it moves time on.
    @_spi(Testing) public func settleSpeech() {
        let guide = queue.sync { running?.speech }
        guide?.settle()
        voice?.voice.settle()
    }
}
