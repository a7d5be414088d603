/// One thing spoken guidance says, where it belongs in the timeline and how long it takes.
///
/// An announcement is said *before* the cue it announces (its anchor), in the quiet time
/// between the previous cue (its opener) and that cue; the closing line is said after
/// `complete`. Offsets are seconds from the session's start at time scale 1, in the
/// `SpokenTimeline`'s timeline (lead-ins included).
public struct Announcement: Sendable, Equatable {
    /// What the announcement is about.
    public enum Kind: Sendable, Equatable, Hashable {
        /// Every general safety note, before the opening of the first session ever.
        case briefing
        /// Title, length and cautions, before the first step.
        case opening
        /// A step's name, side, instruction and pacing, before its `begin`.
        case step(Int)
        /// Before the `begin` of a later repetition of a step ("Last one.").
        case repetition(step: Int, rep: Int)
        /// Before a `switch-side` cue ("Switch sides."); `side` indexes the step's sides.
        case switchSides(step: Int, side: Int)
        /// After the `complete` cue.
        case closing
    }

    /// What the announcement is about.
    public var kind: Kind
    /// What is said.
    public var text: String
    /// For a step: the shorter text said after its `begin` when the session jumped straight
    /// to it (skip, back) and there was no time before: name, side and pacing. Nil otherwise.
    public var lateText: String?
    /// Index into the timeline's cues of the cue this is said before; nil for the closing.
    public var anchorCue: Int?
    /// Index of the cue after whose sound this may start; nil at the session's start.
    public var openerCue: Int?
    /// Offset at which the quiet window opens: the opener's offset, or 0 (the speech itself
    /// waits `cueClearance`, or `openingDelay` at the start).
    public var windowStart: Double
    /// Offset of the anchor cue the speech must not overlap; nil for the closing.
    public var windowEnd: Double?
    /// Estimated real seconds to say `text` (`SpeechEstimate`).
    public var estimatedSeconds: Double
    /// Seconds (time scale 1) inserted before the anchor so the announcement fits; shared
    /// by announcements with the same anchor, 0 where the gap was long enough.
    public var leadIn: Double
    /// Offset at which the speech is planned to start with its estimated length: as late as
    /// fits before the anchor (so it leads straight into the cue), never before the window.
    public var plannedStart: Double

    /// An announcement as `SpokenTimeline` makes it; public so other modules can build
    /// expectations.
    public init(kind: Kind, text: String, lateText: String? = nil, anchorCue: Int?, openerCue: Int?,
                windowStart: Double, windowEnd: Double?, estimatedSeconds: Double, leadIn: Double,
                plannedStart: Double) {
        self.kind = kind
        self.text = text
        self.lateText = lateText
        self.anchorCue = anchorCue
        self.openerCue = openerCue
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.estimatedSeconds = estimatedSeconds
        self.leadIn = leadIn
        self.plannedStart = plannedStart
    }
}
