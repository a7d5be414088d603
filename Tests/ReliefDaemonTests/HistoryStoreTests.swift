import FoundationEssentials
import Logging
import ReliefProtocol
import Testing
@testable import ReliefDaemon

private func file(in directory: TemporaryDirectory) -> String { directory.path + "/history.jsonl" }

private func lines(of path: String) throws -> [String] {
    let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

@Test func sessionsAreRecordedAtStartAndEnd() throws {
    let directory = try TemporaryDirectory()
    let store = try HistoryStore(directory: directory.path + "/nested/state", logger: Logger(label: "test"))
    let id = store.recordStart(routine: "wall-stretch", start: 1000, scheduled: true)
    #expect(store.sessions == [HistoryEntry(routine: "wall-stretch", start: 1000, end: nil, outcome: nil,
                                            scheduled: true, stepsDone: 0, seconds: 0)])
    store.recordEnd(id: id, end: 1171, outcome: "completed", stepsDone: 3, seconds: 171)
    let reopened = try HistoryStore(directory: directory.path + "/nested/state", logger: Logger(label: "test"))
    #expect(reopened.sessions == [HistoryEntry(routine: "wall-stretch", start: 1000, end: 1171, outcome: "completed",
                                               scheduled: true, stepsDone: 3, seconds: 171)])
    #expect(try lines(of: directory.path + "/nested/state/history.jsonl").count == 3)  // two lines and the final newline
}

@Test func aSessionLeftOpenByACrashIsMarkedInterrupted() throws {
    let directory = try TemporaryDirectory()
    do {
        let crashed = try HistoryStore(directory: directory.path, logger: Logger(label: "test"))
        _ = crashed.recordStart(routine: "posture-break", start: 2000, scheduled: false)
    }
    let store = try HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.markInterrupted() == 1)
    #expect(store.sessions.first?.outcome == "interrupted")
    #expect(store.sessions.first?.end == nil)
    #expect(try HistoryStore(directory: directory.path, logger: Logger(label: "test")).markInterrupted() == 0)
}

@Test func aTornLastLineIsIgnoredAndTheNextRecordStartsOnAFreshLine() throws {
    let directory = try TemporaryDirectory()
    let intact = #"{"id":"a","routine":"cat-cow","scheduled":false,"start":100,"type":"start"}"# + "\n"
        + #"{"end":160,"id":"a","outcome":"completed","seconds":60,"steps_done":1,"type":"end"}"# + "\n"
    try directory.write("history.jsonl", intact + #"{"id":"b","routine":"cat-"#)
    let store = try HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.sessions.count == 1)
    #expect(store.sessions.first?.outcome == "completed")
    _ = store.recordStart(routine: "bridge", start: 300, scheduled: false)
    let written = try lines(of: file(in: directory))
    #expect(written[0] + "\n" + written[1] + "\n" == intact)
    #expect(written[2] == #"{"id":"b","routine":"cat-"#)
    #expect(written[3].hasPrefix(#"{"id":"#) && written[3].contains(#""routine":"bridge""#))
    let reopened = try HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(reopened.sessions.map(\.routine) == ["cat-cow", "bridge"])
}

@Test func unreadableLinesInTheMiddleAreSkippedWithoutLosingOthers() throws {
    let directory = try TemporaryDirectory()
    try directory.write("history.jsonl", """
        {"id":"a","routine":"one","scheduled":false,"start":100,"type":"start"}
        garbage \u{1}\u{2}
        {"type":"mystery","id":"x"}
        {"id":"b","routine":"two","scheduled":false,"start":200,"type":"start"}
        {"end":260,"id":"zzz","outcome":"completed","seconds":60,"steps_done":1,"type":"end"}

        """)
    let store = try HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.sessions.map(\.routine) == ["one", "two"])
    #expect(store.markInterrupted() == 2)
}

@Test func reportsCoverTheRequestedDays() throws {
    let directory = try TemporaryDirectory()
    let store = try HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    let now = 1_773_100_800.0 + 12 * 3600
    for daysAgo in [0.0, 1, 3, 10] {
        let id = store.recordStart(routine: "r\(Int(daysAgo))", start: now - daysAgo * 86_400, scheduled: false)
        store.recordEnd(id: id, end: now - daysAgo * 86_400 + 60, outcome: "completed", stepsDone: 1, seconds: 60)
    }
    let zone = LocalDays.fixed(offset: 0)
    #expect(store.report(days: 1, now: now, zone: zone).sessions.map(\.routine) == ["r0"])
    #expect(store.report(days: 7, now: now, zone: zone).sessions.map(\.routine) == ["r3", "r1", "r0"])
    let all = store.report(days: 30, now: now, zone: zone)
    #expect(all.sessions.count == 4)
    #expect(all.summary.streakDays == 2)
    #expect(all.summary.last7Days == HistoryTotals(sessions: 3, seconds: 180))
}
