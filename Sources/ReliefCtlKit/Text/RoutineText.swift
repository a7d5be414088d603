/// `list` and `show` replies as a person reads them.
public enum RoutineText {
    /// The `list` table: name, title, duration (m:ss), source and summary. `width` cuts each
    /// line to fit a terminal; nil leaves lines whole (for pipes).
    public static func table(_ reply: ReplyFields, width: Int?) throws(MalformedReply) -> String {
        let routines = try reply.objects("routines")
        guard !routines.isEmpty else { return "No routines. Add some to ~/.config/relief/routines/ and run `relief-ctl reload`." }
        var rows = [["NAME", "TITLE", "TIME", "SOURCE", "SUMMARY"]]
        for routine in routines {
            rows.append([
                try routine.string("name"), try routine.optionalString("title") ?? "",
                TimeText.clock(try routine.number("duration")), try routine.optionalString("source") ?? "",
                try routine.optionalString("summary") ?? "",
            ])
        }
        return Table.columns(rows, width: width)
    }

    /// Just the names, one per line (for shell completion and scripts).
    public static func names(_ reply: ReplyFields) throws(MalformedReply) -> String {
        var names: [String] = []
        for routine in try reply.objects("routines") { names.append(try routine.string("name")) }
        return names.joined(separator: "\n")
    }

    /// The `show` text: heading, summary, numbered steps with how-to and times, cautions,
    /// and — when the daemon speaks — what will be said, with when.
    /// Prose is wrapped to `width` columns.
    public static func detail(_ reply: ReplyFields, width: Int) throws(MalformedReply) -> String {
        let routine = try reply.object("routine")
        let name = try routine.string("name")
        var heading = name
        if let title = try routine.optionalString("title") { heading += ": \(title)" }
        var facts = [TimeText.clock(try routine.number("duration"))]
        if let source = try routine.optionalString("source") { facts.append(source) }
        var lines = Table.wrap("\(heading) (\(facts.joined(separator: ", ")))", width: width)
        if let summary = try routine.optionalString("summary"), !summary.isEmpty {
            lines += Table.wrap(summary, width: width)
        }

        let steps = try routine.objects("steps")
        lines.append("")
        lines.append("Steps:")
        let numberWidth = "\(steps.count).".count
        for (index, step) in steps.enumerated() {
            let number = "\(index + 1)."
            let indent = String(repeating: " ", count: 2 + numberWidth + 1)
            var title = "  " + number + String(repeating: " ", count: numberWidth - number.count + 1) + (try step.string("name"))
            if let duration = try step.optionalNumber("duration") { title += " (\(TimeText.clock(duration)))" }
            lines.append(title)
            if let how = try step.optionalString("how"), !how.isEmpty {
                lines += Table.wrap(how, width: max(20, width - indent.count)).map { indent + $0 }
            }
            if let say = try step.optionalString("say"), !say.isEmpty {
                lines += Table.wrap("Said: \(say)", width: max(20, width - indent.count)).map { indent + $0 }
            }
            lines += Table.wrap(try timing(step), width: max(20, width - indent.count)).map { indent + $0 }
            let chosen = step.has("chosen_by_relief") ? try step.strings("chosen_by_relief") : []
            if !chosen.isEmpty {
                let text = "Time chosen by relief (the sources give none): " + chosen.joined(separator: ", ")
                lines += Table.wrap(text, width: max(20, width - indent.count)).map { indent + $0 }
            }
        }

        let cautions = try routine.strings("cautions")
        if !cautions.isEmpty {
            lines.append("")
            lines.append("Cautions:")
            for caution in cautions {
                let wrapped = Table.wrap(caution, width: max(20, width - 4))
                for (index, text) in wrapped.enumerated() { lines.append((index == 0 ? "  - " : "    ") + text) }
            }
        }

        // Only with voice on does the daemon send what will be said (`spoken` is null otherwise).
        if routine.has("spoken") {
            let spoken = try routine.objects("spoken")
            var clocks: [String] = []
            for line in spoken { clocks.append(TimeText.clock(try line.number("at"))) }
            let clockWidth = clocks.map(\.count).max() ?? 0
            lines.append("")
            lines.append("Spoken guidance:")
            for (line, clock) in zip(spoken, clocks) {
                let at = "  " + String(repeating: " ", count: clockWidth - clock.count) + clock + "  "
                let indent = String(repeating: " ", count: at.count)
                let wrapped = Table.wrap(try line.string("text"), width: max(20, width - at.count))
                for (index, text) in wrapped.enumerated() { lines.append((index == 0 ? at : indent) + text) }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "prepare 5 s, hold 30 s (ticks in the last 3 s), release 5 s; 3 reps, rest 10 s
    /// between; sides left then right" — or, for a breathing step, "breathe in 4 s, out 6 s;
    /// 8 breaths".
    static func timing(_ step: ReplyFields) throws(MalformedReply) -> String {
        var phases: [String] = []
        if let prepare = try step.optionalNumber("prepare"), prepare > 0 { phases.append("prepare \(TimeText.seconds(prepare))") }
        let reps = try step.optionalInteger("reps") ?? 1
        var repetition: String
        let held = try step.optionalNumber("hold"), moved = try step.optionalNumber("move")
        if let hold = held ?? moved {
            let verb = held == nil ? "keep moving" : "hold"
            var text = "\(verb) \(TimeText.seconds(hold))"
            if let ticks = try step.optionalNumber("countdown"), ticks > 0 { text += " (ticks in the last \(TimeText.seconds(ticks)))" }
            phases.append(text)
            repetition = TimeText.count(reps, "rep")
        } else if let inhale = try step.optionalNumber("inhale"), let exhale = try step.optionalNumber("exhale") {
            var text = "breathe in \(TimeText.seconds(inhale)), out \(TimeText.seconds(exhale))"
            if let pause = try step.optionalNumber("pause"), pause > 0 { text += ", pause \(TimeText.seconds(pause))" }
            phases.append(text)
            repetition = TimeText.count(reps, "breath")
        } else {
            repetition = TimeText.count(reps, "rep")
        }
        if let release = try step.optionalNumber("release"), release > 0 { phases.append("release \(TimeText.seconds(release))") }
        if let rest = try step.optionalNumber("rest"), rest > 0, reps > 1 { repetition += ", rest \(TimeText.seconds(rest)) between" }
        var parts = [phases.joined(separator: ", "), repetition]
        let sides = try step.strings("sides")
        if !sides.isEmpty { parts.append("sides " + sides.joined(separator: " then ")) }
        return parts.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
