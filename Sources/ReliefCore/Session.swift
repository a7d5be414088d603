/// How a session ended.
public enum Outcome: String, Sendable, Codable {
    /// The `complete` cue sounded (also after `skip` on the last step).
    case completed
    /// `stop` ended it.
    case stopped
    /// The daemon died before the end; set by the history store, never by a `Session`.
    case interrupted
}

/// What the caller must do after telling the session something. The session never reads
/// a clock or touches a device; the daemon's scheduler performs these actions.
///
/// A list of actions is always ordered: `cancelScheduled` first, then `playNow`, then the
/// `play`s in instant order, then at most one `arm` or `finish` last. A list from a
/// running session ends with `arm` or `finish`; a list without `arm` means the session
/// needs no wake-up (paused, or over), so the caller drops any deadline it armed before.
public enum SessionAction: Sendable, Equatable {
    /// Hand `cue` to the audio stream so that it starts sounding at monotonic instant `at`.
    /// The cue is the timeline's own (its `offset` is as compiled); `at` already includes
    /// the time scale, pauses, skips and extensions.
    case play(TimedCue, at: Double)
    /// Play a control cue (`pause`, `resume`, `stop`) right away.
    case playNow(Cue)
    /// Drop every cue already handed to the stream that would start at or after `from`
    /// (pause, skip, back and extend re-plan the rest of the timeline).
    case cancelScheduled(from: Double)
    /// Call `advance(now:)` again at this monotonic instant (replaces any earlier deadline).
    case arm(deadline: Double)
    /// The session is over.
    case finish(Outcome)
}

/// Why a command did not apply; the session is unchanged.
public enum SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The session has not started or is over.
    case notRunning
    /// `resume` while the session runs.
    case notPaused
    /// `pause` while the session is paused.
    case alreadyPaused
    /// `extend` outside a hold (prepare, release, rest, breathing).
    case notInHold
    /// `extend` by a number of seconds that is not above 0 and at most `Session.maximumExtension`.
    case invalidSeconds

    /// One sentence for the person who sent the command: what is wrong and what works.
    public var description: String {
        switch self {
        case .notRunning: "no session is running; start one with `relief-ctl start ROUTINE`"
        case .notPaused: "the session is not paused; `pause` or `toggle` pauses it"
        case .alreadyPaused: "the session is already paused; `resume` or `toggle` continues it"
        case .notInHold: "extend works only during a hold or a move; wait for the hold (or move) cue and try again"
        case .invalidSeconds:
            "extend needs at least \(Int(Session.minimumExtension)) and at most \(Int(Session.maximumExtension)) seconds, e.g. `extend 10`"
        }
    }
}

/// Where a session stands, for `status` and events.
public struct SessionPosition: Sendable, Equatable {
    /// `status`'s `state`: idle before the start and after the end.
    public enum State: String, Sendable, Codable { case idle, running, paused }
    public var state: State
    /// Index into the routine's steps (the last step at `complete`).
    public var stepIndex: Int
    /// The step's name; empty for a routine without steps.
    public var stepName: String
    /// The phase in force (`hold` during time added by `extend`).
    public var phase: Phase
    /// Side being worked, or nil for one-sided steps and rests.
    public var side: String?
    /// Repetition (or breath) number, starting at 1.
    public var rep: Int
    /// Seconds (time scale 1) of routine time done and still to go; their sum is the
    /// routine's duration plus the seconds added by `extend` (less those `back` dropped).
    public var elapsed: Double
    public var remaining: Double
    /// Seconds (time scale 1) until the phase in force ends, counting time added by
    /// `extend`; 0 at `complete` and once the session is over. Frozen while paused.
    public var phaseRemaining: Double

    public init(state: State, stepIndex: Int, stepName: String, phase: Phase, side: String?,
                rep: Int, elapsed: Double, remaining: Double, phaseRemaining: Double = 0) {
        self.state = state
        self.stepIndex = stepIndex
        self.stepName = stepName
        self.phase = phase
        self.side = side
        self.rep = rep
        self.elapsed = elapsed
        self.remaining = remaining
        self.phaseRemaining = phaseRemaining
    }
}

/// The next phase boundary of a running session: when the phase in force ends and whether a
/// cue marks the change. A boundary without a cue (into a `rest` or a breathing pause) is
/// one a listener cannot hear, so the daemon announces it to clients by itself.
public struct PhaseChange: Sendable, Equatable {
    /// The monotonic instant at which the phase in force ends.
    public var instant: Double
    /// True when a cue sounds at that instant (the next phase opens with one).
    public var hasCue: Bool
}

/// The state machine of one session over a timeline.
///
/// Every method takes `now` (monotonic seconds) as a value and returns the actions to perform.
/// Cue `i` sounds at `origin + plannedOffset[i] × timeScale`: `start` sets the origin to
/// `now`, a pause moves it later by exactly the pause's length, `skip`/`back` move it so the
/// target `begin` sounds at `now`, and `extend` adds seconds to the planned offsets of the
/// rest of the current hold and everything after it. Nothing drifts: instants are always
/// recomputed from the plan, never accumulated.
///
/// Cues are handed out (`.play`) `lookahead` seconds before they sound, so the audio stream
/// can place them to the frame; `.arm` says when to call `advance(now:)` next. A cue counts
/// as sounded once its instant is before `now`; re-planning cancels (`.cancelScheduled`) the
/// cues handed out that have not sounded and hands them out again at their new instants.
///
/// Commands while paused: `skip` and `back` move the position and the session stays paused
/// (on `resume` the target cue sounds at once); `extend` in a paused hold lengthens it and
/// stays paused; `stop` ends the session. A command that arrives after the `complete` cue's
/// instant, before the scheduler's `advance`, completes the session instead of acting. A
/// `now` earlier than one the session has already seen counts as that one, so time never
/// runs backwards for a session.
public struct Session: Sendable {
    /// The compiled routine this session plays.
    public let timeline: Timeline
    /// Multiplies every timeline gap (`reliefd --time-scale`); positions stay in routine seconds.
    public let timeScale: Double
    /// Cues are handed to the audio stream this many seconds before they sound.
    public let lookahead: Double

    /// `back` goes to the previous step when the current one began less than this many
    /// seconds (routine time) ago.
    public static let backThreshold = 2.0
    /// The largest `extend`, in seconds.
    public static let maximumExtension = 600.0
    /// The smallest `extend`, in seconds.
    public static let minimumExtension = 1.0

    private var state: State = .idle
    /// The latest `now` seen; see the type's documentation.
    private var latestNow = -Double.infinity

    private enum State: Sendable {
        case idle
        case running(Plan)
        /// Paused at monotonic instant `since`; the position is frozen there.
        case paused(Plan, since: Double)
        /// Over; `at` is where the session ended (state idle).
        case finished(Outcome, at: SessionPosition)
    }

    /// `timeScale` must be positive and finite (1 is used otherwise); a negative
    /// `lookahead` counts as 0.
    public init(timeline: Timeline, timeScale: Double = 1, lookahead: Double = 0.05) {
        self.timeline = timeline
        self.timeScale = timeScale.isFinite && timeScale > 0 ? timeScale : 1
        self.lookahead = lookahead.isFinite && lookahead > 0 ? lookahead : 0
    }

    /// True once the session has finished (completed or stopped).
    public var isOver: Bool {
        if case .finished = state { true } else { false }
    }

    /// How the session ended, or nil while it has not.
    public var outcome: Outcome? {
        if case let .finished(outcome, _) = state { outcome } else { nil }
    }

    // MARK: Commands

    /// Starts the timeline at `now`: hands out the cues due within the lookahead (at least
    /// the first `begin`) and arms the next deadline. A session starts once; calling it
    /// again returns no actions.
    public mutating func start(now: Double) -> [SessionAction] {
        let now = observe(now)
        guard case .idle = state else { return [] }
        var plan = Plan(startingAt: now)
        return handOut(&plan, now: now)
    }

    /// Called at an armed deadline (early or late calls are harmless): hands out the cues
    /// now due, arms the next deadline, or finishes once the `complete` cue's instant has
    /// passed. Returns nothing while paused or when not running.
    public mutating func advance(now: Double) -> [SessionAction] {
        let now = observe(now)
        guard case var .running(plan) = state else { return [] }
        return handOut(&plan, now: now)
    }

    /// Pauses: cancels the cues handed out that have not sounded, plays `pause`, freezes
    /// the position. Throws `alreadyPaused` when paused, `notRunning` when not running.
    public mutating func pause(now: Double) throws(SessionError) -> [SessionAction] {
        let now = observe(now)
        if let ended = completeIfDue(now: now) { return ended }
        switch state {
        case var .running(plan):
            plan.takeBack(soundingFrom: now, in: self)
            state = .paused(plan, since: now)
            return [.cancelScheduled(from: now), .playNow(.pause)]
        case .paused: throw .alreadyPaused
        case .idle, .finished: throw .notRunning
        }
    }

    /// Resumes: the rest of the timeline moves later by exactly the pause's length; plays
    /// `resume`, then hands out what is due. Throws `notPaused` when running.
    public mutating func resume(now: Double) throws(SessionError) -> [SessionAction] {
        let now = observe(now)
        switch state {
        case .paused(var plan, let since):
            plan.anchorInstant += now - since
            return [.playNow(.resume)] + handOut(&plan, now: now)
        case .running: throw .notPaused
        case .idle, .finished: throw .notRunning
        }
    }

    /// Pauses a running session, resumes a paused one.
    public mutating func toggle(now: Double) throws(SessionError) -> [SessionAction] {
        if case .paused = state { try resume(now: now) } else { try pause(now: now) }
    }

    /// Jumps to the next step's `begin`, which sounds at `now`; on the last step, to the
    /// `complete` cue, so the session completes. While paused the position moves and the
    /// session stays paused.
    public mutating func skip(now: Double) throws(SessionError) -> [SessionAction] {
        let now = observe(now)
        if let ended = completeIfDue(now: now) { return ended }
        return try jump(now: now) { session, plan, position in
            let step = session.place(of: plan, at: position).span.stepIndex
            let steps = session.timeline.beginIndices
            return step + 1 < steps.count ? steps[step + 1] : session.timeline.cues.count - 1
        }
    }

    /// Jumps to the current step's `begin`, or to the previous step's when the current one
    /// began less than `backThreshold` seconds ago; on the first step it restarts it.
    /// Extensions made from the target step on are dropped: the step replays as written.
    /// While paused the position moves and the session stays paused.
    public mutating func back(now: Double) throws(SessionError) -> [SessionAction] {
        let now = observe(now)
        if let ended = completeIfDue(now: now) { return ended }
        return try jump(now: now) { session, plan, position in
            let step = min(session.place(of: plan, at: position).span.stepIndex,
                           session.timeline.beginIndices.count - 1)
            guard step >= 0 else { return session.timeline.cues.count - 1 }  // no steps
            let begin = session.timeline.beginIndices[step]
            let sinceBegin = position - session.plannedOffset(of: begin, in: plan)
            let target = sinceBegin < Self.backThreshold && step > 0 ? step - 1 : step
            return session.timeline.beginIndices[target]
        }
    }

    /// Lengthens the current hold by `seconds` (time scale 1): every cue of it not yet
    /// sounded from its first countdown tick on (or its `release` without a countdown),
    /// and everything after, moves later by `seconds × timeScale`; the `halfway` cue stays.
    /// Throws `invalidSeconds` unless `0 < seconds ≤ maximumExtension`, `notInHold` outside
    /// a hold phase. While paused in a hold the hold lengthens and the session stays paused.
    public mutating func extend(by seconds: Double, now: Double) throws(SessionError) -> [SessionAction] {
        let now = observe(now)
        if let ended = completeIfDue(now: now) { return ended }
        let (plan, frozenAt) = try activePlan()
        guard seconds.isFinite, seconds >= Self.minimumExtension, seconds <= Self.maximumExtension else { throw .invalidSeconds }
        let instant = frozenAt ?? now
        let place = place(of: plan, at: position(of: plan, at: instant))
        guard place.span.phase == .hold || place.span.phase == .move else { throw .notInHold }

        var replanned = plan
        replanned.takeBack(soundingFrom: instant, in: self)
        let holdCues = place.span.cues
        let firstToMove = holdCues.first {
            timeline.cues[$0].cue == .tick && self.instant(of: $0, in: plan) >= instant
        } ?? holdCues.upperBound  // the hold's release
        // Extensions of the same hold from the same cue add up in one: every offset sums the
        // extensions before it, so a list growing per request made pipelined extends quadratic.
        if let last = replanned.extensions.indices.last, replanned.extensions[last].firstCue == firstToMove,
           replanned.extensions[last].span == place.spanIndex {
            replanned.extensions[last].seconds += seconds
        } else {
            replanned.extensions.append(Extension(firstCue: firstToMove, seconds: seconds, span: place.spanIndex))
        }
        if frozenAt != nil {
            state = .paused(replanned, since: instant)
            return []
        }
        return [.cancelScheduled(from: now)] + handOut(&replanned, now: now)
    }

    /// Ends the session as stopped: cancels what was handed out, plays `stop`, finishes.
    public mutating func stop(now: Double) throws(SessionError) -> [SessionAction] {
        let now = observe(now)
        if let ended = completeIfDue(now: now) { return ended }
        let (plan, frozenAt) = try activePlan()
        state = .finished(.stopped, at: describe(.idle, plan: plan, at: position(of: plan, at: frozenAt ?? now)))
        return [.cancelScheduled(from: now), .playNow(.stop), .finish(.stopped)]
    }

    // MARK: Queries

    /// Where the session stands at `now`: frozen at the pause instant while paused. A
    /// session not started reports state idle at the routine's start; a finished one state
    /// idle where it ended (at `complete` when completed).
    public func position(now: Double) -> SessionPosition {
        let now = max(now, latestNow)
        switch state {
        case .idle:
            return describe(.idle, plan: Plan(startingAt: now), at: 0)
        case let .running(plan): return describe(.running, plan: plan, at: position(of: plan, at: now))
        case let .paused(plan, since): return describe(.paused, plan: plan, at: position(of: plan, at: since))
        case let .finished(_, end): return end
        }
    }

    /// The monotonic instant at which the timeline's cue `index` sounds under the current
    /// plan, or nil when the session is not running or paused (or the index is not a cue).
    /// While paused the instant assumes the session resumed at the pause instant.
    public func plannedInstant(ofCue index: Int) -> Double? {
        guard timeline.cues.indices.contains(index) else { return nil }
        switch state {
        case let .running(plan), let .paused(plan, _): return instant(of: index, in: plan)
        case .idle, .finished: return nil
        }
    }

    /// When the phase in force at `now` ends, and whether a cue marks that moment; nil unless
    /// the session is running (a paused session's phases do not end) or once it is at
    /// `complete`.
    public func phaseChange(after now: Double) -> PhaseChange? {
        guard case let .running(plan) = state else { return nil }
        let position = position(of: plan, at: max(now, latestNow))
        let place = place(of: plan, at: position)
        guard place.span.phase != .complete else { return nil }
        let end = plannedEnd(of: place.span, in: plan)
        // A cue marks the boundary when any phase starting there (zero-length ones included)
        // opens with one; rests and breathing pauses have none.
        let spans = timeline.spans
        var hasCue = false
        var next = place.spanIndex + 1
        while next < spans.count, spans[next].start <= place.span.end {
            if spans[next].start == place.span.end, !spans[next].cues.isEmpty { hasCue = true }
            next += 1
        }
        return PhaseChange(instant: plan.anchorInstant + (end - plan.anchorOffset) * timeScale, hasCue: hasCue)
    }
}

// MARK: - The plan

/// How routine offsets map to monotonic instants, which cues are handed out, and how
/// holds were lengthened.
private struct Plan: Sendable {
    /// The monotonic instant at which planned offset `anchorOffset` sounds. Anchoring at the
    /// jump target (rather than keeping an origin) makes that cue sound exactly at `now`.
    var anchorInstant: Double
    var anchorOffset: Double
    /// Index of the first cue not yet handed to the audio stream; cues are handed out in order.
    var next: Int
    /// The cue this plan started from: 0, or where `skip`/`back` jumped to. Cues before it
    /// are never taken back, even when they share its instant (zero-length phases): they
    /// were skipped over or have sounded already.
    var first: Int
    /// In order of `firstCue`.
    var extensions: [Extension]

    /// The plan of a session starting at monotonic `instant`: cue `i` sounds at
    /// `instant + offset[i] × timeScale`.
    init(startingAt instant: Double) {
        anchorInstant = instant
        anchorOffset = 0
        next = 0
        first = 0
        extensions = []
    }

    /// Un-hands the cues handed out that have not sounded by `now` (instant ≥ now): the
    /// caller cancels them with `.cancelScheduled(from: now)`.
    mutating func takeBack(soundingFrom now: Double, in session: Session) {
        while next > first, session.instant(of: next - 1, in: self) >= now { next -= 1 }
    }
}

/// A hold lengthened by `extend`: cues from `firstCue` on sound `seconds` later.
private struct Extension: Sendable {
    var firstCue: Int
    var seconds: Double
    /// The hold span it lengthens (in force during the added time).
    var span: Int
}

extension Session {
    /// The planned offset of cue `index`: its timeline offset plus the extensions before it.
    fileprivate func plannedOffset(of index: Int, in plan: Plan) -> Double {
        var added = 0.0
        for extra in plan.extensions where extra.firstCue <= index { added += extra.seconds }
        return timeline.cues[index].offset + added
    }

    fileprivate func instant(of index: Int, in plan: Plan) -> Double {
        plan.anchorInstant + (plannedOffset(of: index, in: plan) - plan.anchorOffset) * timeScale
    }

    /// When cue `index` must be handed out; the same expression decides and arms, so an
    /// `advance` exactly at an armed deadline always hands the cue out.
    fileprivate func handOutInstant(of index: Int, in plan: Plan) -> Double {
        instant(of: index, in: plan) - lookahead
    }

    /// Planned routine seconds reached at monotonic `instant`, within `0…planned duration`.
    fileprivate func position(of plan: Plan, at instant: Double) -> Double {
        let position = plan.anchorOffset + (instant - plan.anchorInstant) / timeScale
        return min(max(position, 0), plannedOffset(of: timeline.cues.count - 1, in: plan))
    }

    /// The phase in force at planned `position`: inside time added by an extension it is
    /// that extension's hold; elsewhere the timeline's span at the matching timeline offset.
    fileprivate func place(of plan: Plan, at position: Double) -> (span: Timeline.Span, spanIndex: Int) {
        var added = 0.0
        for extra in plan.extensions {
            let addedFrom = timeline.cues[extra.firstCue].offset + added
            if position < addedFrom { break }
            if position < addedFrom + extra.seconds {
                return (timeline.spans[extra.span], extra.span)
            }
            added += extra.seconds
        }
        let index = timeline.spanIndex(at: position - added)
        return (timeline.spans[index], index)
    }

    /// Hands out every cue due by `now`, then arms the next deadline or finishes; stores
    /// the plan as running (or the session as completed).
    fileprivate mutating func handOut(_ plan: inout Plan, now: Double) -> [SessionAction] {
        var actions: [SessionAction] = []
        let cues = timeline.cues
        while plan.next < cues.count, handOutInstant(of: plan.next, in: plan) <= now {
            actions.append(.play(cues[plan.next], at: instant(of: plan.next, in: plan)))
            plan.next += 1
        }
        let complete = cues.count - 1
        if plan.next < cues.count {
            actions.append(.arm(deadline: handOutInstant(of: plan.next, in: plan)))
        } else if instant(of: complete, in: plan) > now {
            actions.append(.arm(deadline: instant(of: complete, in: plan)))
        } else {
            state = .finished(.completed, at: describe(.idle, plan: plan, at: plannedOffset(of: complete, in: plan)))
            actions.append(.finish(.completed))
            return actions
        }
        state = .running(plan)
        return actions
    }

    /// `skip` and `back`: moves the plan so cue `target(...)` sounds at `now` (or, paused,
    /// at the resume instant).
    fileprivate mutating func jump(
        now: Double, to target: (Session, Plan, Double) -> Int
    ) throws(SessionError) -> [SessionAction] {
        var (plan, frozenAt) = try activePlan()
        let instant = frozenAt ?? now
        let cue = target(self, plan, position(of: plan, at: instant))
        // Going back replays the target step as written.
        plan.extensions.removeAll { $0.firstCue >= cue }
        plan.anchorInstant = instant
        plan.anchorOffset = plannedOffset(of: cue, in: plan)
        plan.next = cue
        plan.first = cue
        if let frozenAt {
            state = .paused(plan, since: frozenAt)
            return []
        }
        return [.cancelScheduled(from: now)] + handOut(&plan, now: now)
    }

    fileprivate func describe(_ state: SessionPosition.State, plan: Plan, at position: Double) -> SessionPosition {
        let span = place(of: plan, at: position).span
        let steps = timeline.routine.steps
        let total = plannedOffset(of: timeline.cues.count - 1, in: plan)
        return SessionPosition(
            state: state, stepIndex: span.stepIndex,
            stepName: steps.indices.contains(span.stepIndex) ? steps[span.stepIndex].name : "",
            phase: span.phase, side: span.side, rep: span.rep,
            elapsed: position, remaining: max(0, total - position),
            phaseRemaining: max(0, plannedEnd(of: span, in: plan) - position))
    }

    /// The planned position (routine seconds) at which `span` ends: its timeline end moved
    /// by every extension inserted at or before it. An extension of a hold is inserted
    /// inside the hold or at its end (its release cue), so it counts for that hold and for
    /// everything after, never for what came before.
    fileprivate func plannedEnd(of span: Timeline.Span, in plan: Plan) -> Double {
        var added = 0.0
        for extra in plan.extensions where timeline.cues[extra.firstCue].offset <= span.end {
            added += extra.seconds
        }
        return span.end + added
    }

    /// The plan of a running or paused session and, when paused, the instant it froze at.
    fileprivate func activePlan() throws(SessionError) -> (plan: Plan, frozenAt: Double?) {
        switch state {
        case let .running(plan): return (plan, nil)
        case let .paused(plan, since): return (plan, since)
        case .idle, .finished: throw .notRunning
        }
    }

    /// A command that arrives once the `complete` cue's instant has passed (before the
    /// scheduler's `advance`) finds the routine over: the session completes as `advance`
    /// would have, and the command does nothing else, so `complete` never sounds twice and
    /// a finished routine is never recorded as stopped.
    fileprivate mutating func completeIfDue(now: Double) -> [SessionAction]? {
        guard case var .running(plan) = state,
              instant(of: timeline.cues.count - 1, in: plan) <= now else { return nil }
        return handOut(&plan, now: now)
    }

    /// Time never runs backwards for a session: an earlier `now` counts as the latest seen.
    fileprivate mutating func observe(_ now: Double) -> Double {
        if now > latestNow { latestNow = now }
        return latestNow
    }
}
