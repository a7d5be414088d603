import Dispatch
import ReliefAudio
import ReliefCore
import ReliefSystem

/// Spoken guidance for the daemon's lifetime: the settings, the espeak-ng command, and the
/// makers of each session's `SpokenGuide`. Holds no audio and starts no thread while idle.
public final class Voice: Sendable {
    /// The settings it was set up with.
    public let settings: VoiceSettings
    /// The espeak-ng command speech is rendered with.
    public let engine: EspeakNG
    private let oneOff = DispatchQueue(label: "relief.voice.say", qos: .userInitiated)

    /// The one notice given when voice is on and espeak-ng is missing.
    public static let missingNotice =
        "spoken guidance is off: espeak-ng is not installed — apt-get install espeak-ng (or run reliefd --voice off)"

    /// What `setUp` found.
    public enum Setup: Sendable {
        /// Voice is on and espeak-ng is there.
        case on(Voice)
        /// `--voice off`: cues alone, nothing to say.
        case off
        /// Voice is on but cannot be used; `notice` says why and how to fix it. Log it once.
        case unavailable(notice: String)
    }

    /// A voice with `settings`, rendering with `engine`.
    public init(settings: VoiceSettings, engine: EspeakNG) {
        self.settings = settings
        self.engine = engine
    }

    /// Looks for espeak-ng in `environment`'s PATH when `settings` turn voice on. Cheap (a
    /// few `stat` calls, no process started), so it suits the daemon's start and SIGHUP.
    public static func setUp(settings: VoiceSettings, environment: [String: String]) -> Setup {
        guard settings.enabled else { return .off }
        guard let executable = EspeakNG.find(environment: environment) else { return .unavailable(notice: missingNotice) }
        let engine = EspeakNG(executable: executable, voice: settings.espeakVoice, rate: settings.rate,
                              environment: environment.map { "\($0.key)=\($0.value)" }.sorted())
        return .on(Voice(settings: settings, engine: engine))
    }

    /// The guidance plan for sessions at `timeScale` at this voice's rate.
    public func plan(timeScale: Double = 1) -> GuidancePlan {
        GuidancePlan(wordsPerMinute: Double(settings.rate), timeScale: timeScale)
    }

    /// The spoken timeline of `routine` for a session at `timeScale`: its `timeline` is what
    /// the session plays.
    /// With `briefing` the safety briefing opens it (the first session ever).
    public func spokenTimeline(for routine: Routine, timeScale: Double = 1, briefing: Bool = false) -> SpokenTimeline {
        SpokenTimeline(routine: routine, plan: plan(timeScale: timeScale), briefing: briefing)
    }

    /// The guide of one session playing `spoken.timeline` into `output`, placing speech on
    /// `clock` (the session owner's); it starts rendering the announcements in the background
    /// at once. `problems` hears the first rendering problem of the session (the session goes
    /// on; what cannot be rendered is not said).
    public func guide(_ spoken: SpokenTimeline, output: any SpeechOutput, clock: any ReliefClock = SystemTime(),
                      problems: @escaping @Sendable (String) -> Void = { _ in }) -> SpokenGuide {
        SpokenGuide(spoken: spoken, engine: engine, output: output, clock: clock, problems: problems)
    }

    /// Says `text` once, not before monotonic `earliest` (and a margin after `clock`'s now once
    /// rendered), silent from `cutAt` on (cut with a fade): for the scheduled-break warning, `Guidance.scheduledBreak`. Renders in the
    /// background and returns at once; `problems` hears when it cannot be said. When
    /// `isCancelled` answers true once the speech is rendered, it is not queued (the break
    /// was cancelled meanwhile; what was queued already the caller cancels on the stream).
    public func say(_ text: String, from earliest: Double, cutAt: Double?, output: any SpeechOutput,
                    id: SpeechID = SpokenGuide.breakIDBase, clock: any ReliefClock = SystemTime(), problems: @escaping @Sendable (String) -> Void = { _ in },
                    isCancelled: @escaping @Sendable () -> Bool = { false }) {
        let engine = engine
        oneOff.async {
            do throws(SpeechError) {
                let speech = try engine.render(text)
                guard !isCancelled() else { return }
                let start = max(earliest, clock.now() + GuidancePlan().scheduleMargin)
                guard let shaped = speech.clip.clearingCues(cut: cutAt.map { $0 - start }, ducks: []),
                      shaped.duration >= SpokenGuide.shortestSpeech else { return }
                output.schedule(clip: shaped.resampled(to: output.speechSampleRate), at: start, id: id) { _ in }
            } catch {
                problems("spoken guidance: \(error.reason)")
            }
        }
    }

    /// Returns once every `say` asked for so far is rendered and queued, or dropped.
    @_spi(Testing) public func settle() { oneOff.sync {} }
}
