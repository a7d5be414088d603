import ReliefProtocol

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
    public static func render(_ reply: HistoryReport, days: Int, clock: WallClock) -> String {
        let summary = reply.summary
        var lines = [Table.labelled([
            ("today", totals(summary.today)),
            ("last 7 days", totals(summary.last7Days)),
            ("streak", TimeText.count(summary.streakDays, "day")),
        ])]

        let sessions = reply.sessions
        lines.append("")
        let window = days == 1 ? "the last day" : "the last \(days) days"
        guard !sessions.isEmpty else {
            lines.append("No sessions in \(window).")
            return lines.joined(separator: "\n")
        }
        lines.append("Sessions in \(window):")
        var rows: [(start: Double, cells: [String])] = []
        for session in sessions {
            let start = session.start, end = session.end
            let outcome = session.outcome ?? (end == nil ? "in progress" : "unknown")
            // A natural break (idle or locked a break's length) was no session: no length, no steps.
            let rested = outcome == "rested"
            rows.append((start, [
                clock.local(start).dayAndTime,
                session.routine,
                rested ? "rested (natural break)" : outcome,
                rested ? "–" : end.map { TimeText.clock($0 - start) } ?? "–",
                rested ? "" : TimeText.count(session.stepsDone, "step"),
                session.scheduled ? "scheduled" : "",
            ]))
        }
        // Oldest first, so the latest session is next to the prompt.
        rows.sort { $0.start < $1.start }
        lines.append(Table.columns(rows.map(\.cells)).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    /// "2 sessions, 6:50".
    static func totals(_ period: HistoryTotals) -> String {
        "\(TimeText.count(period.sessions, "session")), \(TimeText.clock(period.seconds))"
    }
}
