extension Report {
    // MARK: Hands-free control

    mutating func media(_ result: Result<MediaLatencyResults, Error>) {
        emit("## Hands-free control (MPRIS)\n")
        emit("reliefd (with `--device pulse`) runs on a private `dbus-daemon --session` that the bench starts, playing into a "
             + "private PulseAudio null sink recorded as in section 1. During the silent prepare phase of a one-step routine, "
             + "the bench (a ReliefBus client on the same bus) sends `org.mpris.MediaPlayer2.Player.PlayPause` to "
             + "`org.mpris.MediaPlayer2.relief` every 0.8 s — alternately pausing and resuming, so each press plays the "
             + "pause or the resume cue — and then the same number of `toggle` requests on the control socket for "
             + "comparison. Figure: from the wall-clock instant the message was handed to sd-bus (or the request was "
             + "written) to the cue's first frame found in the recording (corrected for the sink's render-ahead). "
             + "reliefd places an on-demand cue 20 ms after the command arrives (`cueLead`), so that the stream can "
             + "place it exactly; that is most of the figure.\n\nReproduce: \(command("media"))\n")
        guard let m = measured(result, target: ("MPRIS PlayPause → cue at the sink", "≤ 30 ms")) else { return }
        emit("| command | presses | cue found | min | median | p99 | max |\n|---|---|---|---|---|---|---|")
        for (name, values) in [("MPRIS `PlayPause`", m.mpris), ("socket `toggle`", m.socket)] {
            let summary = Summary(values)
            emit("| \(name) | \(m.presses) | \(values.count) | \(summary.map { ms($0.min, 1) } ?? "–") | "
                 + "\(summary.map { ms($0.median, 1) } ?? "–") | \(summary.map { ms($0.p99, 1) } ?? "–") | "
                 + "\(summary.map { ms($0.max, 1) } ?? "–") |")
        }
        emit("\nThe sink's render-ahead: \(m.renderAhead.map { ms($0, 1) } ?? "unknown (uncorrected)"); cues not found in the "
             + "recording: \(m.missed).\n")
        if let mpris = Summary(m.mpris) {
            rows.append(("MPRIS PlayPause → cue at the sink", "≤ 30 ms",
                         "median \(ms(mpris.median, 1)), p99 \(ms(mpris.p99, 1))", mpris.p99 <= 0.030 && m.missed == 0))
        }
    }
}
