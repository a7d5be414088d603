/// A routine's timeline with spoken guidance: what is said before which cue, and the
/// lead-ins that make room for it.
///
/// Without voice a session plays `Timeline(routine:)` exactly as before; with voice it plays
/// `SpokenTimeline(routine:plan:).timeline`, the same cues in the same order with silent
/// lead-ins where an announcement would not fit:
///
/// - Announcements are said before the cue they announce (see `Guidance` for the texts):
///   the opening and the first step before the first `begin`, each later step before its
///   `begin`, "Last one." before the last repetition's `begin`, "Switch sides." before a
///   `switch-side`; the closing line after `complete`. Several before the same cue are said
///   back to back, `pauseBetween` apart.
/// - The quiet window before a cue runs from the previous cue's onset plus `cueClearance`
///   (or the session's start plus `openingDelay`) to the cue minus `gapBeforeCue`, all in
///   real seconds, the gap between the cues scaled by `timeScale`. Where the estimated
///   speech (`SpeechEstimate`) is longer than the window, a lead-in of the difference
///   (divided by `timeScale`, rounded up to 0.01 s) is inserted just before the cue: the
///   span before it — the previous release or rest — lasts longer, and before the first
///   cue a `rest` span of the first step opens the timeline. So nothing is rushed, and no
///   cue moves relative to the cues of its own step.
/// - The opening says the length of the session with its lead-ins, rounded as
///   `SpokenNumber.length` says; since the opening's own lead-in depends on that text, the
///   length is recomputed until the words no longer change.
public struct SpokenTimeline: Sendable, Equatable {
    /// The plan the lead-ins were computed with.
    public let plan: GuidancePlan
    /// The timeline a session with voice plays: the routine's cues with the lead-ins.
    public let timeline: Timeline
    /// Every announcement in the order it is said.
    public let announcements: [Announcement]
    /// Each lead-in: the cue (index) it comes before, its offset in `timeline` (where the
    /// silence starts) and its length in seconds at time scale 1.
    public let leadIns: [LeadIn]
    /// Seconds (time scale 1) of the routine without voice: `Timeline(routine:).duration`.
    public let durationWithoutLeadIns: Double
    /// Whether the safety briefing opens it (the first session ever).
    public let hasBriefing: Bool

    /// Seconds (time scale 1) with the lead-ins: `timeline.duration`.
    public var duration: Double { timeline.duration }

    /// Silence inserted before a cue so the announcements before it fit.
    public struct LeadIn: Sendable, Equatable {
        /// Index into the timeline's cues of the cue it comes before.
        public var beforeCue: Int
        /// Offset in the spoken timeline at which the lead-in starts.
        public var offset: Double
        /// Its length in seconds at time scale 1.
        public var seconds: Double
    }

    /// Composes the announcements of `routine` and compiles its timeline with the lead-ins
    /// they need under `plan` (see the type's documentation).
    ///
    /// With `briefing`, the safety briefing (`Guidance.briefing()`) is said first, before
    /// the opening: for the first session ever.
    public init(routine: Routine, plan: GuidancePlan = GuidancePlan(), briefing: Bool = false) {
        let plain = Timeline(routine: routine)
        self.plan = plan
        self.hasBriefing = briefing
        durationWithoutLeadIns = plain.duration

        var drafts = Self.drafts(routine: routine, plain: plain)
        if briefing, let opening = drafts.firstIndex(where: { $0.kind == .opening }) {
            drafts.insert(Draft(kind: .briefing, text: Guidance.briefing(), anchor: drafts[opening].anchor,
                                opener: drafts[opening].opener), at: opening)
        }
        var seconds = Self.leadInSeconds(drafts, plain: plain, plan: plan)
        if let opening = drafts.firstIndex(where: { $0.kind == .opening }) {
            // The opening names the length, which its own lead-in changes: settle the words.
            var spokenLength = ""
            for _ in 0..<4 {
                let length = plain.duration + seconds.values.reduce(0, +)
                let words = SpokenNumber.length(length)
                if words == spokenLength { break }
                spokenLength = words
                drafts[opening].text = Guidance.opening(routine, length: length)
                seconds = Self.leadInSeconds(drafts, plain: plain, plan: plan)
            }
        }

        let timeline = Timeline(routine: routine, leadIns: seconds)
        self.timeline = timeline
        leadIns = seconds.keys.sorted().map { cue in
            LeadIn(beforeCue: cue, offset: timeline.cues[cue].offset - seconds[cue]!, seconds: seconds[cue]!)
        }
        announcements = Self.place(drafts, in: timeline, leadIns: seconds, plan: plan)
    }

    /// Indices into `announcements` said before the same cue (or after `complete`), in
    /// order: the unit `Announcer` hands out together.
    public var groups: [[Int]] {
        var groups: [[Int]] = []
        for index in announcements.indices {
            if let last = groups.last?.last, announcements[last].anchorCue == announcements[index].anchorCue,
               announcements[last].openerCue == announcements[index].openerCue {
                groups[groups.count - 1].append(index)
            } else {
                groups.append([index])
            }
        }
        return groups
    }

    // MARK: Composing

    /// An announcement before its place in time is known.
    struct Draft {
        var kind: Announcement.Kind
        var text: String
        var lateText: String?
        var anchor: Int?
        var opener: Int?
    }

    /// Every announcement of `routine`, in order, anchored to the cues of `plain` (whose
    /// numbering the lead-ins keep).
    static func drafts(routine: Routine, plain: Timeline) -> [Draft] {
        var drafts: [Draft] = []
        let steps = routine.steps
        for (index, cue) in plain.cues.enumerated() {
            let opener = index > 0 ? index - 1 : nil
            guard steps.indices.contains(cue.stepIndex) else { continue }
            let step = steps[cue.stepIndex]
            switch cue.cue {
            case .begin where plain.beginIndices.contains(index):
                if index == plain.beginIndices.first {
                    // The length is settled later; a first guess keeps the estimate close.
                    drafts.append(Draft(kind: .opening, text: Guidance.opening(routine, length: plain.duration),
                                        anchor: index, opener: opener))
                }
                drafts.append(Draft(kind: .step(cue.stepIndex), text: Guidance.step(step),
                                    lateText: Guidance.lateStep(step), anchor: index, opener: opener))
            case .begin:
                if let text = Guidance.repetition(cue.rep, of: step) {
                    drafts.append(Draft(kind: .repetition(step: cue.stepIndex, rep: cue.rep), text: text,
                                        anchor: index, opener: opener))
                }
            case .switchSide:
                let side = cue.side.flatMap { step.sides.firstIndex(of: $0) } ?? 1
                drafts.append(Draft(kind: .switchSides(step: cue.stepIndex, side: side),
                                    text: Guidance.switchSides(to: side, of: step), anchor: index, opener: opener))
            case .complete:
                drafts.append(Draft(kind: .closing, text: Guidance.closing(routine), anchor: nil, opener: index))
            default:
                break
            }
        }
        return drafts
    }

    /// Real seconds the announcements before `anchor` take, pauses between included.
    static func speechSeconds(_ drafts: [Draft], plan: GuidancePlan) -> Double {
        drafts.map { plan.estimate($0.text) }.reduce(0, +) + plan.pauseBetween * Double(max(0, drafts.count - 1))
    }

    /// The lead-in (seconds at time scale 1) needed before each anchor cue of `plain`.
    static func leadInSeconds(_ drafts: [Draft], plain: Timeline, plan: GuidancePlan) -> [Int: Double] {
        var byAnchor: [Int: [Draft]] = [:]
        for draft in drafts { if let anchor = draft.anchor { byAnchor[anchor, default: []].append(draft) } }
        var seconds: [Int: Double] = [:]
        for (anchor, group) in byAnchor {
            let gap = anchor > 0 ? plain.cues[anchor].offset - plain.cues[anchor - 1].offset : plain.cues[anchor].offset
            let quietStart = anchor > 0 ? plan.cueClearance : plan.openingDelay
            let available = gap * plan.timeScale - quietStart - plan.gapBeforeCue
            let missing = speechSeconds(group, plan: plan) - available
            if missing > 0 {
                seconds[anchor] = (missing / plan.timeScale * 100).rounded(.up) / 100
            }
        }
        return seconds
    }

    /// The announcements with their windows and planned starts in the final `timeline`.
    static func place(_ drafts: [Draft], in timeline: Timeline, leadIns: [Int: Double],
                      plan: GuidancePlan) -> [Announcement] {
        var announcements: [Announcement] = []
        var index = 0
        while index < drafts.count {
            // A group: the drafts with the same anchor and opener, said back to back.
            var end = index + 1
            while end < drafts.count, drafts[end].anchor == drafts[index].anchor,
                  drafts[end].opener == drafts[index].opener { end += 1 }
            let group = Array(drafts[index..<end])
            let anchor = group[0].anchor, opener = group[0].opener
            let windowStart = opener.map { timeline.cues[$0].offset } ?? 0
            let windowEnd = anchor.map { timeline.cues[$0].offset }
            let quietStart = windowStart + (opener == nil ? plan.openingDelay : plan.cueClearance) / plan.timeScale
            var start = quietStart
            if let windowEnd {
                let latest = windowEnd - (plan.gapBeforeCue + speechSeconds(group, plan: plan)) / plan.timeScale
                start = max(quietStart, latest)
            }
            for draft in group {
                let estimate = plan.estimate(draft.text)
                announcements.append(Announcement(
                    kind: draft.kind, text: draft.text, lateText: draft.lateText, anchorCue: anchor,
                    openerCue: opener, windowStart: windowStart, windowEnd: windowEnd,
                    estimatedSeconds: estimate, leadIn: anchor.flatMap { leadIns[$0] } ?? 0, plannedStart: start))
                start += (estimate + plan.pauseBetween) / plan.timeScale
            }
            index = end
        }
        return announcements
    }
}
