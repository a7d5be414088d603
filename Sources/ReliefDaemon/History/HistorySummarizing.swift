import ReliefProtocol

extension HistorySummary {
    /// Summarises `sessions` (natural breaks left out) as seen at `now` in the zone of `days`: today, today and the six
    /// days before, and the streak of days with at least one completed session, ending today
    /// or — when today has none yet — yesterday.
    ///
    /// Pure: the caller passes the clock and the zone, so tests need neither.
    public static func summarize(_ sessions: [HistoryEntry], now: Double, days: LocalDays) -> HistorySummary {
        let today = days.day(of: now)
        var todayTotals = HistoryTotals(sessions: 0, seconds: 0)
        var weekTotals = HistoryTotals(sessions: 0, seconds: 0)
        var completedDays = Set<Int>()
        // A natural break (outcome `rested`) is in the history but is no session.
        for session in sessions where session.outcome != "rested" {
            let day = days.day(of: session.start)
            if day == today {
                todayTotals.sessions += 1
                todayTotals.seconds += session.seconds
            }
            if day <= today, day > today - 7 {
                weekTotals.sessions += 1
                weekTotals.seconds += session.seconds
            }
            if session.outcome == "completed" { completedDays.insert(day) }
        }
        var streak = 0
        var day = completedDays.contains(today) ? today : today - 1
        while completedDays.contains(day) {
            streak += 1
            day -= 1
        }
        return HistorySummary(today: todayTotals, last7Days: weekTotals, streakDays: streak)
    }
}
