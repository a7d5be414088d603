import ReliefProtocol

/// The two ways `follow` shows a session: a live line for a terminal, plain event lines for
/// a pipe.
public enum FollowText {
    /// Widest progress bar, in cells.
    static let barWidth = 20

    /// The live line at `unix`, at most `width - 1` columns (the last column would make
    /// some terminals wrap, breaking the redraw in place):
    /// `wall-stretch · 2/3 Wall slide · hold 0:24 · left · rep 1/3 ▕████░░░░▏ 2:09 left`.
    public static func liveLine(_ view: FollowView, at unix: Double, width: Int, clock: WallClock) -> String {
        let room = max(10, width - 1)
        guard let status = view.status else { return Table.fit("waiting for reliefd…", width: room) }
        if let pending = status.pending, !status.hasSession {
            return Table.fit("\(pending.routine) starts in \(TimeText.countdown(pending.startsUnix - unix))"
                + " · relief-ctl stop cancels it", width: room)
        }
        guard status.hasSession, let routine = status.routine else {
            var text = "idle · waiting for a session"
            if let snooze = status.snooze { text += " · breaks snoozed until \(clock.local(snooze.untilUnix).hourMinute)" }
            return Table.fit(text + " · Ctrl-C to quit", width: room)
        }

        var parts = [routine]
        if status.state == "paused" { parts.insert("paused", at: 0) }
        if let step = status.step {
            parts.append(StatusText.stepText(step))
            let countdown = view.phaseRemaining(at: unix).map { " " + TimeText.countdown($0) } ?? ""
            parts.append(step.phase + countdown)
            if let side = step.side { parts.append(side) }
            if step.reps > 1 { parts.append("rep \(step.rep)/\(step.reps)") }
        }
        let head = parts.joined(separator: " · ")
        let elapsed = view.elapsed(at: unix), remaining = view.remaining(at: unix)
        let tail = " \(TimeText.countdown(remaining)) left"
        // The bar gives way first, then the head is cut.
        let barCells = min(barWidth, room - head.count - tail.count - 3)
        if barCells >= 8 {
            return head + " " + bar(elapsed / max(elapsed + remaining, 0.001), cells: barCells) + tail
        }
        return Table.fit(head, width: max(1, room - tail.count)) + tail
    }

    /// `▕██████░░░░▏` for a fraction 0…1 in `cells` cells plus the two edges.
    public static func bar(_ fraction: Double, cells: Int) -> String {
        let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = Int((clamped * Double(cells)).rounded(.down))
        return "▕" + String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled) + "▏"
    }

    /// One plain line for an event (a pipe gets one per event), stamped with local time:
    /// the cue's planned instant for cues, `unix` (arrival) otherwise.
    public static func eventLine(_ event: Event, at unix: Double, clock: WallClock) -> String {
        switch event {
        case .cue(let cue):
            let step = cue.step
            var parts = ["cue \(cue.cue)", cue.routine, "step \(step.index + 1) \(step.name)"]
            if !step.phase.isEmpty { parts.append(step.phase) }
            if let side = step.side { parts.append(side) }
            parts.append("rep \(step.rep)")
            return stamp(cue.plannedUnix, clock) + parts.joined(separator: " · ")
        case .state(let report):
            return stamp(unix, clock) + "state " + StatusText.summary(report)
        case .end(let end):
            return stamp(unix, clock) + "end \(end.routine) \(end.outcome)"
        case .other(let name):
            return stamp(unix, clock) + "event \(name)"
        }
    }

    /// The line left on a terminal when a session ends: "wall-stretch completed at 14:05".
    public static func endLine(routine: String?, outcome: String, at unix: Double, clock: WallClock) -> String {
        "\(routine.map { "\($0) " } ?? "session ")\(outcome) at \(clock.local(unix).hourMinute)"
    }

    private static func stamp(_ unix: Double, _ clock: WallClock) -> String {
        clock.local(unix).timeWithMilliseconds + " "
    }
}
