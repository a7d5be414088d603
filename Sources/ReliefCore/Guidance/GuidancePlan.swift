/// How spoken guidance is fitted around the cues: the speaking rate and the silences kept
/// around speech. Shared by `SpokenTimeline` (which inserts lead-ins) and `Announcer`
/// (which places speech at run time), so both agree on where speech goes.
///
/// Times marked *real* are seconds of sound, which `--time-scale` does not shrink (speech,
/// like a tone, keeps its length); lead-ins are computed so the scaled gaps still fit it.
public struct GuidancePlan: Sendable, Equatable {
    /// espeak-ng's speaking rate (`-s`), words per minute.
    public var wordsPerMinute: Double
    /// The session's `--time-scale`: timeline gaps are multiplied by it, speech is not.
    public var timeScale: Double
    /// Real seconds from a cue's onset until speech may start, so no word covers the tone
    /// (the longest built-in cue, inhale/exhale, lasts 0.7 s; release 0.35 s).
    public var cueClearance: Double
    /// Real seconds of silence between the end of speech and the cue it announces, so the
    /// tone stands apart and means "now".
    public var gapBeforeCue: Double
    /// Real seconds between two announcements said back to back (opening, then first step).
    public var pauseBetween: Double
    /// Real seconds from the session's start to its first word: time to render the opening.
    public var openingDelay: Double
    /// Real seconds before speech may start at which `Announcer` hands it out at the latest,
    /// leaving the renderer time to render, convert and queue it.
    public var speechLead: Double
    /// Real seconds speech is never scheduled closer to "now" than (device latency and
    /// the stream's pick-up period).
    public var scheduleMargin: Double

    /// The defaults: 160 words a minute, time scale 1, 0.7 s after a cue, 0.4 s before the
    /// next, 0.5 s between announcements, first word 0.6 s after the start.
    public init(wordsPerMinute: Double = 160, timeScale: Double = 1, cueClearance: Double = 0.7,
                gapBeforeCue: Double = 0.4, pauseBetween: Double = 0.5, openingDelay: Double = 0.6,
                speechLead: Double = 1.0, scheduleMargin: Double = 0.25) {
        func valid(_ value: Double, _ fallback: Double) -> Double { value.isFinite && value >= 0 ? value : fallback }
        self.wordsPerMinute = wordsPerMinute.isFinite && wordsPerMinute > 0 ? wordsPerMinute : 160
        self.timeScale = timeScale.isFinite && timeScale > 0 ? timeScale : 1
        self.cueClearance = valid(cueClearance, 0.7)
        self.gapBeforeCue = valid(gapBeforeCue, 0.4)
        self.pauseBetween = valid(pauseBetween, 0.5)
        self.openingDelay = valid(openingDelay, 0.6)
        self.speechLead = valid(speechLead, 1.0)
        self.scheduleMargin = valid(scheduleMargin, 0.25)
    }

    /// Estimated real seconds to say `text` at this plan's rate (`SpeechEstimate`).
    public func estimate(_ text: String) -> Double {
        SpeechEstimate.seconds(text, wordsPerMinute: wordsPerMinute)
    }
}
