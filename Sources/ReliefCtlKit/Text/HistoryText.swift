/// The `history` reply: summary lines, then the sessions oldest first.
public enum HistoryText {
    /// ```
    /// today:        2 sessions, 6:50
    /// last 7 days:  9 sessions, 35:00
    /// streak:       4 days
    ///
    /// Sessions, last 7 days:
    ///   Fri 2025-11-21 14:02  wall-stretch  completed  2:51  3 steps  scheduled
    /// ```
    public static func render(_ reply: ReplyFields, days: Int, clock: WallClock) throws(MalformedReply) -> String {
        let summary = try reply.object("summary")
        let today = try summary.object("today")
        let week = try summary.object("last_7_days")
        let streak = try summary.integer("streak_days")
        var lines = [Table.labelled([
            ("today", try totals(today)),
            ("last 7 days", try totals(week)),
            ("streak", TimeText.count(streak, "day")),
        ])]

        let sessions = try reply.objects("sessions")
        lines.append("")
        let window = days == 1 ? "the last day" : "the last \(days) days"
        guard !sessions.isEmpty else {
            lines.append("No sessions in \(window).")
            return lines.joined(separator: "\n")
        }
        lines.append("Sessions in \(window):")
        var rows: [(start: Double, cells: [String])] = []
        for session in sessions {
            let start = try session.number("start")
            let end = try session.optionalNumber("end")
            let outcome = try session.optionalString("outcome") ?? (end == nil ? "in progress" : "unknown")
            // A natural break (idle or locked a break's length) was no session: no length, no steps.
            let rested = outcome == "rested"
            rows.append((start, [
                clock.local(start).dayAndTime,
                try session.string("routine"),
                rested ? "rested (natural break)" : outcome,
                rested ? "–" : end.map { TimeText.clock($0 - start) } ?? "–",
                rested ? "" : try session.optionalInteger("steps_done").map { TimeText.count($0, "step") } ?? "",
                try session.flag("scheduled", default: false) ? "scheduled" : "",
            ]))
        }
        // Oldest first, so the latest session is next to the prompt.
        rows.sort { $0.start < $1.start }
        lines.append(Table.columns(rows.map(\.cells)).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    /// "2 sessions, 6:50".
    static func totals(_ period: ReplyFields) throws(MalformedReply) -> String {
        "\(TimeText.count(try period.integer("sessions"), "session")), \(TimeText.clock(try period.number("seconds")))"
    }
}
