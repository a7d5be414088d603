import ReliefProtocol

/// STATUS replies as a person reads them.
public enum StatusText {
    /// The short block `relief-ctl status` prints:
    /// ```
    /// state:    running
    /// routine:  wall-stretch (Wall stretch)
    /// step:     2/3 Wall slide
    /// phase:    hold 0:18, left side, rep 1/3
    /// time:     0:42 elapsed, 2:09 remaining of 2:51
    /// snooze:   off
    /// checks:   in-call, away, natural-breaks, sleep
    /// audio:    default, ok
    /// media:    MPRIS player relief, pauses other players
    /// ```
    /// A session paused by the machine going to sleep says "paused for sleep"; a break
    /// deferred past a call has its own row.
    public static func block(_ status: ReliefProtocol.Status, clock: WallClock) -> String {
        var rows: [(String, String)] = [("state", stateText(status))]
        if let routine = status.routine {
            rows.append(("routine", status.title.map { "\(routine) (\($0))" } ?? routine))
        }
        if let step = status.step {
            rows.append(("step", stepText(step)))
            rows.append(("phase", phaseText(step)))
        }
        if status.hasSession {
            rows.append(("time", "\(TimeText.clock(status.elapsed, rounding: .down)) elapsed, "
                + "\(TimeText.countdown(status.remaining)) remaining of \(TimeText.clock(status.duration))"))
        }
        if let pending = status.pending {
            rows.append(("next", pendingText(pending, clock: clock)))
        }
        if let deferred = status.deferred {
            rows.append(("deferred", deferredText(deferred, clock: clock)))
        }
        rows.append(("snooze", snoozeText(status.snooze, clock: clock)))
        if let checks = status.reportedChecks {
            rows.append(("checks", checks.isEmpty ? "none (breaks start on the timer)" : checks.joined(separator: ", ")))
        }
        rows.append(("audio", audioText(status.audio)))
        if let media = status.media {
            rows.append(("media", mediaText(media)))
        }
        if let history = status.history, !history.ok {
            rows.append(("history", "off: \(history.error ?? "cannot be written")"))
        }
        return Table.labelled(rows)
    }

    /// One line for the commands that steer a session (`pause`, `skip`, …):
    /// "paused: wall-stretch, step 2/3 Wall slide (hold 0:18, left side, rep 1/3), 2:09 left".
    public static func summary(_ status: ReliefProtocol.Status) -> String {
        guard status.hasSession, let routine = status.routine else {
            return status.pending.map { "\(status.state); \($0.routine) is about to start" } ?? status.state
        }
        var text = "\(stateText(status)): \(routine)"
        if let step = status.step { text += ", step \(stepText(step)) (\(phaseText(step)))" }
        return text + ", \(TimeText.countdown(status.remaining)) left"
    }

    /// "running", or "paused for sleep" when the machine's sleep paused it.
    static func stateText(_ status: ReliefProtocol.Status) -> String {
        status.pausedFor.map { "\(status.state) for \($0)" } ?? status.state
    }

    /// "posture-break after the call" or "posture-break starts in 1:40 (at 14:02), after the call".
    static func deferredText(_ deferred: ReliefProtocol.Status.Deferred, clock: WallClock) -> String {
        guard let starts = deferred.startsUnix else {
            return "\(deferred.routine) once the call is over (relief-ctl stop cancels it)"
        }
        return "\(deferred.routine) starts in \(TimeText.countdown(starts - clock.now())) "
            + "(at \(clock.local(starts).hourMinute)), after the call"
    }

    /// "2/3 Wall slide".
    static func stepText(_ step: ReliefProtocol.Status.StepPosition) -> String {
        step.count > 0 ? "\(step.index + 1)/\(step.count) \(step.name)" : "\(step.index + 1) \(step.name)"
    }

    /// "hold 0:18, left side, rep 1/3": the phase with what is left of it (when the daemon
    /// reports `phase_remaining`), the side and the repetition.
    static func phaseText(_ step: ReliefProtocol.Status.StepPosition) -> String {
        var parts = [step.phase + (step.reportedPhaseRemaining.map { " " + TimeText.countdown($0) } ?? "")]
        if let side = step.side { parts.append("\(side) side") }
        parts.append("rep \(step.rep)/\(step.reps)")
        return parts.joined(separator: ", ")
    }

    /// "posture-break starts in 0:08 (at 14:02)".
    static func pendingText(_ pending: ReliefProtocol.Status.Pending, clock: WallClock) -> String {
        "\(pending.routine) starts in \(TimeText.countdown(pending.startsUnix - clock.now())) "
            + "(at \(clock.local(pending.startsUnix).hourMinute))"
    }

    /// "off" or "29:00 left (until 14:32)".
    static func snoozeText(_ snooze: ReliefProtocol.Status.Snooze?, clock: WallClock) -> String {
        guard let snooze else { return "off" }
        return "\(TimeText.countdown(snooze.remaining)) left (until \(clock.local(snooze.untilUnix).hourMinute))"
    }

    /// "MPRIS player relief, pauses other players" or "off: no session bus (…)".
    static func mediaText(_ media: ReliefProtocol.Status.Media) -> String {
        guard media.active else { return "off: \(media.error ?? "unknown")" }
        return "MPRIS player relief" + (media.pauseOthers ? ", pauses other players" : "")
    }

    /// "default, ok" or "default, error: Device or resource busy".
    static func audioText(_ audio: ReliefProtocol.Status.Audio) -> String {
        if audio.ok { return "\(audio.device), ok" }
        return "\(audio.device), error: \(audio.error ?? "unknown")"
    }
}

extension ReliefProtocol.Status {
    /// True while a session runs or is paused.
    var hasSession: Bool { state == "running" || state == "paused" }

    /// Real seconds per routine second, for counting down: the daemon's `time_scale`, or 1
    /// when it makes no sense (0, negative), so a countdown never divides by it.
    var countdownScale: Double { timeScale.isFinite && timeScale > 0 ? timeScale : 1 }
}
