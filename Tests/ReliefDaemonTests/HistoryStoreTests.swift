import FoundationEssentials
import Logging
import ReliefProtocol
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import ReliefDaemon
import ReliefMeasure

private func file(in directory: TemporaryDirectory) -> String { directory.path + "/history.jsonl" }

private func lines(of path: String) throws -> [String] {
    let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
    return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

@Test func sessionsAreRecordedAtStartAndEnd() throws {
    let directory = try TemporaryDirectory()
    let store = HistoryStore(directory: directory.path + "/nested/state", logger: Logger(label: "test"))
    let id = store.recordStart(routine: "wall-stretch", start: 1000, scheduled: true)
    #expect(store.sessions == [HistoryEntry(routine: "wall-stretch", start: 1000, end: nil, outcome: nil,
                                            scheduled: true, stepsDone: 0, seconds: 0)])
    store.recordEnd(id: id, end: 1171, outcome: "completed", stepsDone: 3, seconds: 171)
    let reopened = HistoryStore(directory: directory.path + "/nested/state", logger: Logger(label: "test"))
    #expect(reopened.sessions == [HistoryEntry(routine: "wall-stretch", start: 1000, end: 1171, outcome: "completed",
                                               scheduled: true, stepsDone: 3, seconds: 171)])
    #expect(try lines(of: directory.path + "/nested/state/history.jsonl").count == 3)  // two lines and the final newline
}

@Test func aSessionLeftOpenByACrashIsMarkedInterrupted() throws {
    let directory = try TemporaryDirectory()
    do {
        let crashed = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
        _ = crashed.recordStart(routine: "posture-break", start: 2000, scheduled: false)
    }
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.markInterrupted() == 1)
    #expect(store.sessions.first?.outcome == "interrupted")
    #expect(store.sessions.first?.end == nil)
    #expect(HistoryStore(directory: directory.path, logger: Logger(label: "test")).markInterrupted() == 0)
}

@Test func aTornLastLineIsIgnoredAndTheNextRecordStartsOnAFreshLine() throws {
    let directory = try TemporaryDirectory()
    let intact = #"{"id":"a","routine":"cat-cow","scheduled":false,"start":100,"type":"start"}"# + "\n"
        + #"{"end":160,"id":"a","outcome":"completed","seconds":60,"steps_done":1,"type":"end"}"# + "\n"
    try directory.write("history.jsonl", intact + #"{"id":"b","routine":"cat-"#)
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.sessions.count == 1)
    #expect(store.sessions.first?.outcome == "completed")
    _ = store.recordStart(routine: "bridge", start: 300, scheduled: false)
    let written = try lines(of: file(in: directory))
    #expect(written[0] + "\n" + written[1] + "\n" == intact)
    #expect(written[2] == #"{"id":"b","routine":"cat-"#)
    #expect(written[3].hasPrefix(#"{"id":"#) && written[3].contains(#""routine":"bridge""#))
    let reopened = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
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
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.sessions.map(\.routine) == ["one", "two"])
    #expect(store.markInterrupted() == 2)
}

@Test func reportsCoverTheRequestedDays() throws {
    let directory = try TemporaryDirectory()
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
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

@Test func outOfRangeTimesAreSkippedAndNeverCrashTheReport() throws {
    let directory = try TemporaryDirectory()
    try directory.write("history.jsonl", """
        {"id":"a","routine":"big","scheduled":false,"start":1e19,"type":"start"}
        {"id":"b","routine":"huge","scheduled":false,"start":1e300,"type":"start"}
        {"id":"c","routine":"negative","scheduled":false,"start":-1e300,"type":"start"}
        {"id":"d","routine":"fine","scheduled":false,"start":1000,"type":"start"}
        {"end":1e300,"id":"d","outcome":"completed","seconds":60,"steps_done":1,"type":"end"}
        {"end":1060,"id":"d","outcome":"completed","seconds":-5,"steps_done":1,"type":"end"}

        """)
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.sessions.map(\.routine) == ["fine"])
    #expect(store.sessions.first?.outcome == nil)  // both end lines were out of range
    _ = store.report(days: 7, now: 2000, zone: .system)
    #expect(LocalDays.system.day(of: 1e300) > 0)  // no trap
}

@Test func sessionsDatedInTheFutureAreNotListedUnderTheLastDays() throws {
    let directory = try TemporaryDirectory()
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    let now = 1_773_100_800.0 + 12 * 3600
    _ = store.recordStart(routine: "today", start: now - 60, scheduled: false)
    _ = store.recordStart(routine: "future", start: now + 3 * 86_400, scheduled: false)
    #expect(store.report(days: 7, now: now, zone: .fixed(offset: 0)).sessions.map(\.routine) == ["today"])
}

@Test func aSymlinkedHistoryIsRefusedAndNeverWrittenThrough() throws {
    let directory = try TemporaryDirectory()
    let target = try directory.write("elsewhere.txt", "precious\n")
    #expect(symlink(target, directory.path + "/history.jsonl") == 0)
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.problem?.contains("is a symbolic link") == true, "\(store.problem ?? "")")
    let id = store.recordStart(routine: "bridge", start: 1000, scheduled: false)
    store.recordEnd(id: id, end: 1060, outcome: "completed", stepsDone: 1, seconds: 60)
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
    // The link goes away: the records that waited are written.
    #expect(unlink(directory.path + "/history.jsonl") == 0)
    store.retry()
    #expect(store.problem == nil)
    #expect(try lines(of: file(in: directory)).count == 3)
    #expect(HistoryStore(directory: directory.path, logger: Logger(label: "test")).sessions.first?.outcome == "completed")
}

@Test func aHistoryThatIsADirectoryTurnsHistoryOffUntilItIsGone() throws {
    let directory = try TemporaryDirectory()
    try FileManager.default.createDirectory(atPath: file(in: directory), withIntermediateDirectories: false)
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.problem?.contains("is a directory") == true, "\(store.problem ?? "")")
    _ = store.recordStart(routine: "bridge", start: 1000, scheduled: false)
    #expect(store.sessions.count == 1)
    try FileManager.default.removeItem(atPath: file(in: directory))
    store.retry()
    #expect(store.problem == nil)
    #expect(HistoryStore(directory: directory.path, logger: Logger(label: "test")).sessions.map(\.routine) == ["bridge"])
}

@Test func anInterruptedSessionKeepsTheProgressItRecorded() throws {
    let directory = try TemporaryDirectory()
    do {
        let crashed = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
        let id = crashed.recordStart(routine: "posture-break", start: 2000, scheduled: false)
        crashed.recordProgress(id: id, stepsDone: 2, seconds: 75)
    }
    let store = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    #expect(store.markInterrupted() == 1)
    let session = try #require(store.sessions.first)
    #expect(session.outcome == "interrupted")
    #expect(session.stepsDone == 2)
    #expect(session.seconds == 75)
}
