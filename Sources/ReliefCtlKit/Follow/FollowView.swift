/// What `follow` knows about the session, fed by the initial status and by events, and
/// drawn as one live line on a terminal or as one plain line per event in a pipe.
///
/// Pure: every method takes the wall-clock instant as a value, so tests draw exact lines.
public struct FollowView: Sendable {
    /// The latest STATUS, adjusted by cue events in between.
    public private(set) var status: StatusReport?
    /// When ``status`` was true (its times are extrapolated from there while running).
    private var statusUnix = 0.0
    /// The countdown to the next phase change.
    public private(set) var phaseClock = PhaseClock()

    /// An empty view.
    public init() {}

    /// True while the live line changes by itself (a session runs, or a break is about to
    /// start), so it must be redrawn every second.
    public var isTicking: Bool {
        guard let status else { return false }
        return status.state == "running" || status.pending != nil
    }

    /// The routine whose phase lengths the countdown still needs (`show` it, then ``learn(_:)``).
    public var routineNeedingSteps: String? {
        guard let routine = status?.routine, status?.hasSession == true, !phaseClock.knows(routine) else { return nil }
        return routine
    }

    /// Learns phase lengths from a `show` reply's `routine` object.
    public mutating func learn(_ routine: ReplyFields) throws(MalformedReply) {
        try phaseClock.learn(routine)
    }

    /// Takes a STATUS (the initial reply or a `state` event) received at `unix`.
    public mutating func apply(_ report: StatusReport, at unix: Double) {
        status = report
        statusUnix = unix
        phaseClock.observe(Self.position(of: report), at: unix, running: report.state == "running",
                           total: report.hasSession ? report.elapsed + report.remaining : nil)
    }

    /// Takes an event received at `unix`.
    public mutating func apply(_ event: FollowEvent, at unix: Double) {
        switch event {
        case .state(let report):
            apply(report, at: unix)
        case .cue(let cue, let routine, let place, let planned):
            guard let place, var report = status, report.hasSession,
                  routine == nil || routine == report.routine else { return }
            // A cue marks the phase it opens before the matching state event may arrive.
            let count = report.step?.count ?? 0, reps = report.step?.reps ?? 1
            report.step = StatusReport.Step(index: place.index, count: count, name: place.name, phase: place.phase,
                                            side: place.side, rep: place.rep, reps: max(reps, place.rep))
            let elapsedSoFar = elapsed(at: unix)
            report.remaining = max(0, report.remaining - (elapsedSoFar - report.elapsed))
            report.elapsed = elapsedSoFar
            status = report
            statusUnix = unix
            let position = Self.position(of: report)
            phaseClock.observe(position, at: planned ?? unix, running: report.state == "running", total: nil,
                               opensPhase: cue != "tick" && cue != "halfway")
        case .end:
            guard var report = status else { return }
            report.state = "idle"
            report.routine = nil
            report.title = nil
            report.step = nil
            report.elapsed = 0
            report.remaining = 0
            status = report
            statusUnix = unix
            phaseClock.observe(nil, at: unix, running: false, total: nil)
        case .other:
            break
        }
    }

    /// Seconds from `unix` until a number on the live line changes (the phase countdown,
    /// else the time left, else a scheduled break's countdown), so redraws land on the
    /// second; nil while nothing moves by itself.
    public func secondsUntilChange(at unix: Double) -> Double? {
        guard isTicking, let status else { return nil }
        let shown: Double
        if status.state == "running" {
            shown = phaseClock.remaining(at: unix) ?? remaining(at: unix)
        } else if let pending = status.pending {
            shown = pending.startsUnix - unix
        } else {
            return nil
        }
        // Countdowns round up, so the text changes when the value crosses a whole second.
        let fraction = shown - shown.rounded(.down)
        return fraction > 0.001 ? fraction : 1
    }

    /// Routine seconds done at `unix`, counting on from the last status while running.
    public func elapsed(at unix: Double) -> Double {
        guard let status else { return 0 }
        guard status.state == "running" else { return status.elapsed }
        return min(status.elapsed + max(0, unix - statusUnix), status.elapsed + status.remaining)
    }

    /// Routine seconds left at `unix`.
    public func remaining(at unix: Double) -> Double {
        guard let status else { return 0 }
        return max(0, status.remaining - (elapsed(at: unix) - status.elapsed))
    }

    private static func position(of report: StatusReport) -> PhaseClock.Position? {
        guard report.hasSession, let routine = report.routine, let step = report.step else { return nil }
        return PhaseClock.Position(routine: routine, step: step.index, phase: step.phase, side: step.side, rep: step.rep)
    }
}
