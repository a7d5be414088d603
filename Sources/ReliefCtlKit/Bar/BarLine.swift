import ReliefProtocol

/// What `status --format`, `follow --format` and `--waybar` print for one instant.
public struct BarLine: Sendable {
    /// The text format (``BarFormat/short`` unless `--format` says otherwise).
    public let format: BarFormat
    /// Print waybar's JSON (`text`, `tooltip`, `class`, `alt`, `percentage`) instead of the text.
    public let waybar: Bool

    /// The line for `view` at `unix`; `view` without a status means reliefd is not reachable
    /// (`offline`, while `follow --wait` waits for it).
    public func line(_ view: FollowView, at unix: Double, clock: WallClock) -> String {
        let values = Self.values(view, at: unix)
        let text = format.render(values)
        guard waybar else { return text }
        let state = values[.state] ?? "offline"
        let kind = state == "idle" && view.status?.pending != nil ? "pending" : state
        let object: JSONValue = [
            "text": .string(text),
            "tooltip": .string(tooltip(view, at: unix, clock: clock)),
            "class": .string(kind),
            "alt": .string(kind),
            "percentage": .number(Double(values[.progress].flatMap { Int($0) } ?? 0)),
        ]
        return object.serialized
    }

    /// The placeholders' values for `view` at `unix`; what does not apply is left out.
    public static func values(_ view: FollowView, at unix: Double) -> [BarFormat.Field: String] {
        guard let status = view.status else { return [.state: "offline"] }
        var values: [BarFormat.Field: String] = [.state: status.state]
        values[.device] = status.audio.device
        if !status.audio.ok { values[.audioError] = status.audio.error ?? "unknown" }
        if let snooze = status.snooze {
            values[.snooze] = TimeText.countdown(snooze.untilUnix - unix)
        }
        if let pending = status.pending {
            values[.pending] = pending.routine
            values[.startsIn] = TimeText.countdown(pending.startsUnix - unix)
        }
        guard status.hasSession else { return values }
        values[.routine] = status.routine
        values[.title] = status.title
        if let step = status.step {
            values[.step] = step.name
            values[.stepNumber] = String(step.index + 1)
            if step.count > 0 { values[.steps] = String(step.count) }
            values[.phase] = step.phase
            values[.phaseRemaining] = view.phaseRemaining(at: unix).map(TimeText.countdown)
            values[.side] = step.side
            values[.rep] = String(step.rep)
            values[.reps] = String(step.reps)
        }
        let elapsed = view.elapsed(at: unix), remaining = view.remaining(at: unix)
        values[.elapsed] = TimeText.clock(elapsed, rounding: .down)
        values[.remaining] = TimeText.countdown(remaining)
        values[.duration] = TimeText.clock(status.duration)
        let total = elapsed + remaining
        values[.progress] = String(total > 0 ? Int((elapsed / total * 100).rounded(.down)) : 0)
        return values
    }

    /// waybar's tooltip: the status block `relief-ctl status` prints, counted down to `unix`.
    func tooltip(_ view: FollowView, at unix: Double, clock: WallClock) -> String {
        guard var status = view.status else { return "reliefd is not running" }
        status.elapsed = view.elapsed(at: unix)
        status.remaining = view.remaining(at: unix)
        status.step?.reportedPhaseRemaining = view.phaseRemaining(at: unix)
        return StatusText.block(status, clock: clock)
    }
}
