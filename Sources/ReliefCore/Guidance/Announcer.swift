/// Decides, as a session runs, when each announcement of a `SpokenTimeline` is spoken.
///
/// Pure like `Session`: it reads no clock and plays nothing. After the caller performs a
/// batch of session actions it passes them here with the session and `now`; the answer is
/// the speech to queue now. Instants are the session's own (`plannedInstant(ofCue:)`), so
/// pauses, skips, `back` and `extend` move speech exactly as they move cues:
///
/// - A group (the announcements before one cue) is handed out once the next session
///   deadline (`.arm`) is later than `speechLead` before the group may start, so the
///   renderer has time; it may start `cueClearance` after its opener cue (at the start:
///   `openingDelay` after the session's origin) and should end `gapBeforeCue` before its
///   anchor cue, where the speech is cut if it runs over (`cutAt`).
/// - `.cancelScheduled(from:)` takes back every group whose anchor had not sounded: the
///   caller cancels the speech queued from that instant, and the group is handed out again
///   at its new instants (a speech already sounding at a pause is said again on resume).
/// - When the time before a step's `begin` is gone (the session jumped to it, or resumed
///   just before it), the step's `lateText` is said after the `begin` instead, cut at the
///   next cue; other announcements are then dropped when less than `minimumRoom` is left.
/// - The closing line is handed out with the `complete` cue and starts `cueClearance`
///   after it; a stopped session says nothing more.
///
/// Pass the actions of every session call (start, advance, commands), in order; a call
/// without `.arm` (paused, stopped) hands out nothing.
public struct Announcer: Sendable {
    /// Speech to queue: texts said back to back from `earliest` on.
    public struct Request: Sendable, Equatable {
        /// Indices into the spoken timeline's announcements.
        public var announcements: [Int]
        /// What is said, in order (an announcement's `text`, or its `lateText` when late).
        public var texts: [String]
        /// Monotonic instant before which the speech must not start.
        public var earliest: Double
        /// Monotonic instant by which the speech should have ended: start it `duration`
        /// before this (but not before `earliest`); nil when it may run on (closing).
        public var end: Double?
        /// Instant of the cue the speech must be silent at: cut it (with a short fade)
        /// before this if it runs over; nil for none.
        public var cutAt: Double?
        /// Instants of cues inside the window (countdown ticks, halfway) to duck under.
        public var duckUnder: [Double]
        /// True when said after its cue because there was no time before it.
        public var late: Bool

        /// A request as the announcer makes it; public so other modules can build expectations.
        public init(announcements: [Int], texts: [String], earliest: Double, end: Double?, cutAt: Double?,
                    duckUnder: [Double] = [], late: Bool = false) {
            self.announcements = announcements
            self.texts = texts
            self.earliest = earliest
            self.end = end
            self.cutAt = cutAt
            self.duckUnder = duckUnder
            self.late = late
        }
    }

    /// The spoken timeline whose `timeline` the session plays.
    public let spoken: SpokenTimeline
    /// Less room than this (real seconds) before a cue, and an announcement that is not a
    /// step's is dropped rather than cut to a fragment.
    public static let minimumRoom = 0.6
    /// Room for this share of the estimated speech counts as room enough (the estimate errs
    /// long); with less, a step is announced late and anything else cut at its cue.
    static let fitRatio = 0.8
    /// A cue within this many seconds before `now` counts as sounding now (a jump target).
    static let jumpTolerance = 0.1

    private let groups: [[Int]]
    /// Per group, the instant of its anchor (for the closing: of `complete`) when it was
    /// handed out; nil while it is not.
    private var handed: [Double?]
    /// The instant `complete` was handed to the stream at, once it was.
    private var completeInstant: Double?

    /// An announcer for a session playing `spoken.timeline`.
    public init(spoken: SpokenTimeline) {
        self.spoken = spoken
        groups = spoken.groups
        handed = Array(repeating: nil, count: groups.count)
    }

    /// The speech to queue after the caller performed `actions` (the session's answer to
    /// one call) on `session` at monotonic `now`. Queue each request at once; cancel queued
    /// speech from `from` where `actions` hold `.cancelScheduled(from:)`.
    public mutating func requests(after actions: [SessionAction], in session: Session, now: Double) -> [Request] {
        var nextCall: Double?
        var completed = false
        for action in actions {
            switch action {
            case let .cancelScheduled(from):
                for group in groups.indices where (handed[group] ?? -.infinity) >= from { handed[group] = nil }
                // A `complete` taken back is handed out again at its new instant.
                if let complete = completeInstant, complete >= from { completeInstant = nil }
            case let .play(cue, at):
                if cue.cue == .complete { completeInstant = at }
            case let .arm(deadline):
                nextCall = deadline
            case .finish(.completed):
                completed = true
            case .playNow, .finish:
                break
            }
        }
        guard nextCall != nil || completed else { return [] }
        let plan = spoken.plan
        var requests: [Request] = []
        for (group, members) in groups.enumerated() {
            let first = spoken.announcements[members[0]]
            guard let anchor = first.anchorCue else {
                // The closing: once `complete` is on its way.
                if let complete = completeInstant, handed[group] == nil {
                    handed[group] = complete
                    requests.append(Request(announcements: members, texts: members.map { spoken.announcements[$0].text },
                                            earliest: max(complete + plan.cueClearance, now + plan.scheduleMargin),
                                            end: nil, cutAt: nil))
                }
                continue
            }
            guard !completed, let anchorInstant = session.plannedInstant(ofCue: anchor) else { continue }
            if let previous = handed[group], anchorInstant <= previous + 1e-6 { continue }
            // Its cue has sounded: nothing to announce any more.
            if anchorInstant < now - Self.jumpTolerance {
                handed[group] = anchorInstant
                continue
            }
            let quietStart = first.openerCue.flatMap { session.plannedInstant(ofCue: $0) }.map { $0 + plan.cueClearance }
                ?? origin(of: session) + plan.openingDelay
            if let nextCall, quietStart - plan.speechLead > nextCall { continue }  // a later call will

            let end = anchorInstant - plan.gapBeforeCue
            let earliest = max(quietStart, now + plan.scheduleMargin)
            let needed = members.map { spoken.announcements[$0].estimatedSeconds }.reduce(0, +)
                + plan.pauseBetween * Double(members.count - 1)
            let room = end - earliest
            let stepMember = members.first { spoken.announcements[$0].lateText != nil }
            handed[group] = anchorInstant
            if room >= needed * Self.fitRatio || (stepMember == nil && room >= Self.minimumRoom) {
                requests.append(Request(announcements: members, texts: members.map { spoken.announcements[$0].text },
                                        earliest: earliest, end: end, cutAt: anchorInstant,
                                        duckUnder: duckInstants(between: first.openerCue, and: anchor, in: session)))
            } else if let stepMember,
                      let request = lateRequest(stepMember, anchor: anchor, at: anchorInstant, in: session, now: now) {
                requests.append(request)
            }
        }
        return requests
    }

    /// A step's short text said after its `begin` (which sounds at `anchorInstant`), cut at
    /// the next cue; nil when there is too little room.
    private func lateRequest(_ index: Int, anchor: Int, at anchorInstant: Double, in session: Session,
                             now: Double) -> Request? {
        let plan = spoken.plan
        guard let text = spoken.announcements[index].lateText,
              let next = session.plannedInstant(ofCue: anchor + 1) else { return nil }
        let earliest = max(anchorInstant + plan.cueClearance, now + plan.scheduleMargin)
        let end = next - plan.gapBeforeCue
        guard end - earliest >= Self.minimumRoom else { return nil }
        return Request(announcements: [index], texts: [text], earliest: earliest, end: end, cutAt: next,
                       duckUnder: [], late: true)
    }

    /// Instants of the `tick` and `halfway` cues strictly between two cues.
    private func duckInstants(between opener: Int?, and anchor: Int, in session: Session) -> [Double] {
        let from = (opener ?? -1) + 1
        guard from < anchor else { return [] }
        return (from..<anchor).compactMap { index in
            let cue = spoken.timeline.cues[index].cue
            return cue == .tick || cue == .halfway ? session.plannedInstant(ofCue: index) : nil
        }
    }

    /// The instant of offset 0 under the session's current plan.
    private func origin(of session: Session) -> Double {
        let first = spoken.timeline.cues[0]
        return (session.plannedInstant(ofCue: 0) ?? 0) - first.offset * session.timeScale
    }
}
