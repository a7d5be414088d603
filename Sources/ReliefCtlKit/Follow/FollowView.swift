import ReliefProtocol

/// What `follow` knows about the session, fed by the initial status and by events, and
/// drawn as one live line on a terminal or as one plain line per event in a pipe.
///
/// Every STATUS carries `phase_remaining` (routine seconds left in the phase) and
/// `time_scale`; between events the view counts them down on the wall clock. The daemon sends
/// a `state` event whenever the step, phase, side or rep changes (a cue's, or a silent rest's),
/// on pause and resume and when an extension moves the times, so nothing drifts for long.
///
/// Pure: every method takes the wall-clock instant as a value, so tests draw exact lines.
public struct FollowView: Sendable {
    /// The latest STATUS, adjusted by cue events in between.
    public private(set) var status: ReliefProtocol.Status?
    /// When ``status`` was true (its times are extrapolated from there while running).
    private var statusUnix = 0.0

    /// An empty view.
    public init() {}

    /// True while the live line changes by itself (a session runs, or a break is about to
    /// start), so it must be redrawn every second.
    public var isTicking: Bool {
        guard let status else { return false }
        return status.state == "running" || status.pending != nil
    }

    /// Takes a STATUS (the initial reply or a `state` event) received at `unix`.
    public mutating func apply(_ report: ReliefProtocol.Status, at unix: Double) {
        status = report
        statusUnix = unix
    }

    /// Takes an event received at `unix`.
    public mutating func apply(_ event: Event, at unix: Double) {
        switch event {
        case .state(let report):
            apply(report, at: unix)
        case .cue(let cue):
            guard var report = status, report.hasSession, cue.routine == report.routine else { return }
            let place = cue.step
            // Times are carried forward to this instant, then the cue's place is taken.
            let phaseLeft = phaseRemaining(at: unix)
            let elapsedSoFar = elapsed(at: unix)
            report.remaining = max(0, report.remaining - (elapsedSoFar - report.elapsed))
            report.elapsed = elapsedSoFar
            let count = report.step?.count ?? 0, reps = report.step?.reps ?? 1
            var step = ReliefProtocol.Status.StepPosition(index: place.index, count: count, name: place.name, phase: place.phase,
                                           side: place.side, rep: place.rep, reps: max(reps, place.rep))
            step.reportedPhaseRemaining = phaseLeft
            // A cue that opens another phase marks it before the daemon's state event (sent
            // right after) says how long it lasts: until then the countdown is unknown.
            let opensPhase = cue.cue != "tick" && cue.cue != "halfway"
            if opensPhase, !Self.samePlace(step, status?.step) { step.reportedPhaseRemaining = nil }
            report.step = step
            status = report
            statusUnix = unix
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
        case .other:
            break
        }
    }

    /// Seconds from `unix` until a number on the live line changes (the phase countdown,
    /// else the time left, else a scheduled break's countdown), so redraws land on the
    /// second; nil while nothing moves by itself.
    public func secondsUntilChange(at unix: Double) -> Double? {
        guard isTicking, let status else { return nil }
        let shown: Double, scale: Double
        if status.state == "running" {
            // Routine seconds: at --time-scale 0.5 a shown second lasts half a real second.
            shown = phaseRemaining(at: unix) ?? remaining(at: unix)
            scale = status.countdownScale
        } else if let pending = status.pending {
            shown = pending.startsUnix - unix
            scale = 1
        } else {
            return nil
        }
        // Countdowns round up, so the text changes when the value crosses a whole second.
        let fraction = shown - shown.rounded(.down)
        return (fraction > 0.001 ? fraction : 1) * scale
    }

    /// Routine seconds the session moved on from the last status to `unix`.
    private func routineSeconds(to unix: Double) -> Double {
        guard let status, status.state == "running" else { return 0 }
        return max(0, unix - statusUnix) / status.countdownScale
    }

    /// Routine seconds left in the current phase at `unix`, or nil when not known.
    public func phaseRemaining(at unix: Double) -> Double? {
        guard let left = status?.step?.reportedPhaseRemaining else { return nil }
        return max(0, left - routineSeconds(to: unix))
    }

    /// Routine seconds done at `unix`, counting on from the last status while running.
    public func elapsed(at unix: Double) -> Double {
        guard let status else { return 0 }
        return min(status.elapsed + routineSeconds(to: unix), status.elapsed + status.remaining)
    }

    /// Routine seconds left at `unix`.
    public func remaining(at unix: Double) -> Double {
        guard let status else { return 0 }
        return max(0, status.remaining - (elapsed(at: unix) - status.elapsed))
    }

    private static func samePlace(_ a: ReliefProtocol.Status.StepPosition, _ b: ReliefProtocol.Status.StepPosition?) -> Bool {
        guard let b else { return false }
        return a.index == b.index && a.phase == b.phase && a.side == b.side && a.rep == b.rep
    }
}
