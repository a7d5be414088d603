import ReliefProtocol
import Testing
@testable import ReliefDaemon

private let day = 86_400.0
/// 2026-03-10 00:00 UTC, a Tuesday.
private let midnight = 1_773_100_800.0

private func session(_ start: Double, _ outcome: String? = "completed", seconds: Double = 60) -> HistoryEntry {
    HistoryEntry(routine: "r", start: start, end: start + seconds, outcome: outcome, scheduled: false, stepsDone: 1,
                 seconds: seconds)
}

@Test func todayAndTheLastSevenDaysCountSessionsAndSeconds() {
    let now = midnight + 15 * 3600
    let sessions = [
        session(now - 7 * day, seconds: 1000),  // eight days back counting today: outside
        session(now - 6 * day, seconds: 100),
        session(now - 2 * day, "stopped", seconds: 30),
        session(midnight + 60, "interrupted", seconds: 5),
        session(now - 60, seconds: 200),
    ]
    let summary = HistorySummary.summarize(sessions, now: now, days: .fixed(offset: 0))
    #expect(summary.today == HistoryTotals(sessions: 2, seconds: 205))
    #expect(summary.last7Days == HistoryTotals(sessions: 4, seconds: 335))
}

@Test func streakCountsDaysWithACompletedSessionEndingTodayOrYesterday() {
    let now = midnight + 10 * 3600
    let threeDays = [session(now - 2 * day), session(now - day), session(now)]
    #expect(HistorySummary.summarize(threeDays, now: now, days: .fixed(offset: 0)).streakDays == 3)
    // Nothing yet today: the streak still stands, ending yesterday.
    let upToYesterday = [session(now - 3 * day), session(now - 2 * day), session(now - day)]
    #expect(HistorySummary.summarize(upToYesterday, now: now, days: .fixed(offset: 0)).streakDays == 3)
    // A gap breaks it; stopped sessions do not count towards it.
    let gap = [session(now - 3 * day), session(now - day, "stopped"), session(now)]
    #expect(HistorySummary.summarize(gap, now: now, days: .fixed(offset: 0)).streakDays == 1)
    #expect(HistorySummary.summarize([session(now - 2 * day)], now: now, days: .fixed(offset: 0)).streakDays == 0)
    #expect(HistorySummary.summarize([], now: now, days: .fixed(offset: 0)).streakDays == 0)
}

@Test func daysFollowTheLocalTimeZone() {
    // 23:30 UTC on the 9th is already the 10th in UTC+2 and still the 9th in UTC-5.
    let lateEvening = midnight - 1800
    let now = midnight + 12 * 3600
    let east = HistorySummary.summarize([session(lateEvening)], now: now, days: .fixed(offset: 7200))
    let west = HistorySummary.summarize([session(lateEvening)], now: now, days: .fixed(offset: -5 * 3600))
    #expect(east.today.sessions == 1)
    #expect(west.today.sessions == 0)
    #expect(west.streakDays == 1)  // yesterday, locally
}

@Test func aDaylightSavingChangeDoesNotSplitOrMergeDays() {
    // Offset +1 h before the change instant, +2 h after (a spring-forward at 01:00 UTC).
    let change = midnight + 3600
    let zone = LocalDays { $0 < change ? 3600 : 7200 }
    #expect(zone.day(of: midnight - 3601) == zone.day(of: midnight - 3599) - 1)  // local midnight at 23:00 UTC
    #expect(zone.day(of: change - 1) == zone.day(of: change + 1))
    let sessions = [session(midnight - 3000), session(change + 600)]
    #expect(HistorySummary.summarize(sessions, now: change + 3600, days: zone).today.sessions == 2)
}
