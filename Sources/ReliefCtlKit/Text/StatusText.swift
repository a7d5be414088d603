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
    /// audio:    default, ok
    /// ```
    public static func block(_ status: StatusReport, clock: WallClock) -> String {
        var rows: [(String, String)] = [("state", status.state)]
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
        rows.append(("snooze", snoozeText(status.snooze, clock: clock)))
        if let audio = status.audio {
            rows.append(("audio", audioText(audio)))
        }
        if let problem = status.historyError {
            rows.append(("history", "off: \(problem)"))
        }
        return Table.labelled(rows)
    }

    /// One line for the commands that steer a session (`pause`, `skip`, …):
    /// "paused: wall-stretch, step 2/3 Wall slide (hold 0:18, left side, rep 1/3), 2:09 left".
    public static func summary(_ status: StatusReport) -> String {
        guard status.hasSession, let routine = status.routine else {
            return status.pending.map { "\(status.state); \($0.routine) is about to start" } ?? status.state
        }
        var text = "\(status.state): \(routine)"
        if let step = status.step { text += ", step \(stepText(step)) (\(phaseText(step)))" }
        return text + ", \(TimeText.countdown(status.remaining)) left"
    }

    /// "2/3 Wall slide".
    static func stepText(_ step: StatusReport.Step) -> String {
        step.count > 0 ? "\(step.index + 1)/\(step.count) \(step.name)" : "\(step.index + 1) \(step.name)"
    }

    /// "hold 0:18, left side, rep 1/3": the phase with what is left of it (when the daemon
    /// reports `phase_remaining`), the side and the repetition.
    static func phaseText(_ step: StatusReport.Step) -> String {
        var parts = [step.phase + (step.phaseRemaining.map { " " + TimeText.countdown($0) } ?? "")]
        if let side = step.side { parts.append("\(side) side") }
        parts.append("rep \(step.rep)/\(step.reps)")
        return parts.joined(separator: ", ")
    }

    /// "posture-break starts in 0:08 (at 14:02)".
    static func pendingText(_ pending: StatusReport.Pending, clock: WallClock) -> String {
        "\(pending.routine) starts in \(TimeText.countdown(pending.startsUnix - clock.now())) "
            + "(at \(clock.local(pending.startsUnix).hourMinute))"
    }

    /// "off" or "29:00 left (until 14:32)".
    static func snoozeText(_ snooze: StatusReport.Snooze?, clock: WallClock) -> String {
        guard let snooze else { return "off" }
        return "\(TimeText.countdown(snooze.remaining)) left (until \(clock.local(snooze.untilUnix).hourMinute))"
    }

    /// "default, ok" or "default, error: Device or resource busy".
    static func audioText(_ audio: StatusReport.Audio) -> String {
        if audio.ok { return "\(audio.device), ok" }
        return "\(audio.device), error: \(audio.error ?? "unknown")"
    }
}
