import ReliefProtocol

/// `list` and `show` replies as a person reads them.
public enum RoutineText {
    /// The `list` table: name, title, duration (m:ss), source and summary. `width` cuts each
    /// line to fit a terminal; nil leaves lines whole (for pipes).
    public static func table(_ reply: RoutineList, width: Int?) -> String {
        let routines = reply.routines
        guard !routines.isEmpty else { return "No routines. Add some to ~/.config/relief/routines/ and run `relief-ctl reload`." }
        var rows = [["NAME", "TITLE", "TIME", "SOURCE", "SUMMARY"]]
        for routine in routines {
            rows.append([routine.name, routine.title, TimeText.clock(routine.duration), routine.source.rawValue, routine.summary])
        }
        return Table.columns(rows, width: width)
    }

    /// Just the names, one per line (for shell completion and scripts).
    public static func names(_ reply: RoutineList) -> String {
        reply.routines.map(\.name).joined(separator: "\n")
    }

    /// The `show` text: heading, summary, numbered steps with how-to and times, cautions,
    /// and — when the daemon speaks — what will be said, with when.
    /// Prose is wrapped to `width` columns.
    public static func detail(_ reply: RoutineShown, width: Int) -> String {
        let routine = reply.routine
        var heading = routine.name
        if !routine.title.isEmpty { heading += ": \(routine.title)" }
        let facts = [TimeText.clock(routine.duration), routine.source.rawValue]
        var lines = Table.wrap("\(heading) (\(facts.joined(separator: ", ")))", width: width)
        if !routine.summary.isEmpty {
            lines += Table.wrap(routine.summary, width: width)
        }

        let steps = routine.steps
        lines.append("")
        lines.append("Steps:")
        let numberWidth = "\(steps.count).".count
        for (index, step) in steps.enumerated() {
            let number = "\(index + 1)."
            let indent = String(repeating: " ", count: 2 + numberWidth + 1)
            lines.append("  " + number + String(repeating: " ", count: numberWidth - number.count + 1) + step.name
                + " (\(TimeText.clock(step.duration)))")
            if !step.how.isEmpty {
                lines += Table.wrap(step.how, width: max(20, width - indent.count)).map { indent + $0 }
            }
            if let say = step.say, !say.isEmpty {
                lines += Table.wrap("Said: \(say)", width: max(20, width - indent.count)).map { indent + $0 }
            }
            lines += Table.wrap(timing(step), width: max(20, width - indent.count)).map { indent + $0 }
            if !step.chosenByRelief.isEmpty {
                let text = "Time chosen by relief (the sources give none): " + step.chosenByRelief.joined(separator: ", ")
                lines += Table.wrap(text, width: max(20, width - indent.count)).map { indent + $0 }
            }
        }

        let cautions = routine.cautions
        if !cautions.isEmpty {
            lines.append("")
            lines.append("Cautions:")
            for caution in cautions {
                let wrapped = Table.wrap(caution, width: max(20, width - 4))
                for (index, text) in wrapped.enumerated() { lines.append((index == 0 ? "  - " : "    ") + text) }
            }
        }

        // Only with voice on does the daemon send what will be said (`spoken` is null otherwise).
        if let spoken = routine.spoken {
            let clocks = spoken.map { TimeText.clock($0.at) }
            let clockWidth = clocks.map(\.count).max() ?? 0
            lines.append("")
            lines.append("Spoken guidance:")
            for (line, clock) in zip(spoken, clocks) {
                let at = "  " + String(repeating: " ", count: clockWidth - clock.count) + clock + "  "
                let indent = String(repeating: " ", count: at.count)
                let wrapped = Table.wrap(line.text, width: max(20, width - at.count))
                for (index, text) in wrapped.enumerated() { lines.append((index == 0 ? at : indent) + text) }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "prepare 5 s, hold 30 s (ticks in the last 3 s), release 5 s; 3 reps, rest 10 s
    /// between; sides left then right" — or, for a breathing step, "breathe in 4 s, out 6 s;
    /// 8 breaths".
    static func timing(_ step: StepDetail) -> String {
        var phases: [String] = []
        if step.prepare > 0 { phases.append("prepare \(TimeText.seconds(step.prepare))") }
        let reps = step.reps
        var repetition: String
        if let hold = step.hold ?? step.move {
            let verb = step.hold == nil ? "keep moving" : "hold"
            var text = "\(verb) \(TimeText.seconds(hold))"
            if let ticks = step.countdown, ticks > 0 { text += " (ticks in the last \(TimeText.seconds(Double(ticks))))" }
            phases.append(text)
            repetition = TimeText.count(reps, "rep")
        } else if let inhale = step.inhale, let exhale = step.exhale {
            var text = "breathe in \(TimeText.seconds(inhale)), out \(TimeText.seconds(exhale))"
            if let pause = step.pause, pause > 0 { text += ", pause \(TimeText.seconds(pause))" }
            phases.append(text)
            repetition = TimeText.count(reps, "breath")
        } else {
            repetition = TimeText.count(reps, "rep")
        }
        if step.release > 0 { phases.append("release \(TimeText.seconds(step.release))") }
        if step.rest > 0, reps > 1 { repetition += ", rest \(TimeText.seconds(step.rest)) between" }
        var parts = [phases.joined(separator: ", "), repetition]
        if !step.sides.isEmpty { parts.append("sides " + step.sides.joined(separator: " then ")) }
        return parts.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
