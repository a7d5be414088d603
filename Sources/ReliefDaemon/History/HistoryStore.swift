import Logging
import ReliefProtocol
import Glibc

/// The session history: `history.jsonl` in the state directory, append-only and synced.
///
/// Opening it reads every record, tolerates a torn last line (a crash mid-write), skips
/// unreadable and out-of-range lines with one warning, and marks sessions that started but
/// never ended as `interrupted` by appending their end line, with the progress their last
/// `progress` line recorded. When the file cannot be opened or written (see `HistoryFile`)
/// sessions still run: `problem` says why for `status`, the log says it once per episode,
/// and the records wait in memory while `retry()` is tried again. Not thread-safe: the
/// scheduler's queue owns it.
public final class HistoryStore {
    /// The file's path.
    public var path: String { file.path }
    private let file: HistoryFile
    private var order: [String] = []
    private var entries: [String: HistoryEntry] = [:]
    private var nextSerial = 0
    private var loaded = false
    /// `markInterrupted()` was asked for before the file could be read: done once it is.
    private var markWhenLoaded = false
    private var loggedProblem: String?
    private let logger: Logger

    /// A store on `directory/history.jsonl` (created, with `directory` in mode 0700, when
    /// missing). Never fails: an unusable file is `problem` and retried later.
    public init(directory: String, logger: Logger) {
        self.logger = logger
        file = HistoryFile(directory: directory)
        retry()
    }

    /// Why history cannot be written now ("history is off"); nil when it can.
    public var problem: String? { file.problem }

    /// Opens the file if it is not open (reading it the first time) and writes what waits;
    /// logs when history stops or starts working again.
    public func retry() {
        if !file.isOpen, let contents = file.open(), !loaded {
            loaded = true
            read(contents)
            if markWhenLoaded { markInterrupted() }
        }
        if file.isOpen { file.flush() }
        reportChange()
    }

    /// Appends an `end` line (outcome `interrupted`, end unknown) for every session that
    /// started but never ended: the daemon that ran it died. Returns how many.
    @discardableResult
    public func markInterrupted() -> Int {
        guard loaded else {
            markWhenLoaded = true
            return 0
        }
        markWhenLoaded = false
        let open = order.filter { entries[$0]?.outcome == nil }
        for id in open {
            let entry = entries[id]!
            recordEnd(id: id, end: nil, outcome: "interrupted", stepsDone: entry.stepsDone, seconds: entry.seconds)
        }
        if !open.isEmpty { logger.notice("marked \(open.count) session(s) cut short by a crash as interrupted in \(path)") }
        return open.count
    }

    /// Records that a session began; returns its id for `recordEnd`.
    public func recordStart(routine: String, start: Double, scheduled: Bool) -> String {
        nextSerial += 1
        let id = "\(Int64(HistoryRecord.clampedUnix(start) * 1_000_000))-\(getpid())-\(nextSerial)"
        record(.start(id: id, routine: routine, start: start, scheduled: scheduled))
        return id
    }

    /// Records how far session `id` got, so a crash after this keeps its progress.
    public func recordProgress(id: String, stepsDone: Int, seconds: Double) {
        record(.progress(id: id, stepsDone: stepsDone, seconds: seconds))
    }

    /// Records how session `id` ended.
    public func recordEnd(id: String, end: Double?, outcome: String, stepsDone: Int, seconds: Double) {
        record(.end(id: id, end: end, outcome: outcome, stepsDone: stepsDone, seconds: seconds))
    }

    /// Every recorded session, oldest first.
    public var sessions: [HistoryEntry] { order.compactMap { entries[$0] } }

    /// The sessions started in the last `days` local days (today included, the future not)
    /// and the summary.
    public func report(days: Int, now: Double, zone: LocalDays) -> HistoryReport {
        let today = zone.day(of: now)
        let all = sessions
        return HistoryReport(sessions: all.filter { (today - days + 1...today).contains(zone.day(of: $0.start)) }
                                 .sorted { $0.start < $1.start },
                             summary: .summarize(all, now: now, days: zone))
    }

    private func record(_ record: HistoryRecord) {
        apply(record)
        if !file.isOpen { retry() }
        do {
            file.append(try Wire.line(record))
        } catch {
            logger.error("cannot encode a history record: \(error)")
        }
        reportChange()
    }

    /// One log line when history stops being writable (or its reason changes), one when it works again.
    private func reportChange() {
        // The count of waiting records changes with every one; the cause is what matters.
        let cause = file.problem.map { String($0.split(separator: ";", maxSplits: 1).first ?? "") }
        guard cause != loggedProblem else { return }
        if let problem = file.problem {
            logger.error("history is off: \(problem); sessions still run")
        } else {
            logger.notice("history is written to \(path) again")
        }
        loggedProblem = cause
    }

    private func read(_ contents: [UInt8]) {
        let lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var skipped: [Int] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            do {
                apply(try Wire.decode(HistoryRecord.self, from: line))
            } catch {
                if index == lines.count - 1 {
                    logger.warning("\(path):\(index + 1): ignoring a torn last line (the daemon stopped while writing it)")
                } else {
                    skipped.append(index + 1)
                }
            }
        }
        if !skipped.isEmpty {
            let shown = skipped.prefix(10).map(String.init).joined(separator: ", ") + (skipped.count > 10 ? ", …" : "")
            logger.warning("\(path): ignoring \(skipped.count) unreadable or out-of-range line(s): \(shown)")
        }
    }

    private func apply(_ record: HistoryRecord) {
        switch record {
        case .start(let id, let routine, let start, let scheduled):
            if entries[id] == nil { order.append(id) }
            entries[id] = HistoryEntry(routine: routine, start: start, end: nil, outcome: nil, scheduled: scheduled,
                                       stepsDone: 0, seconds: 0)
        case .progress(let id, let stepsDone, let seconds):
            guard entries[id] != nil else { return }
            entries[id]!.stepsDone = stepsDone
            entries[id]!.seconds = seconds
        case .end(let id, let end, let outcome, let stepsDone, let seconds):
            guard var entry = entries[id] else {
                logger.warning("\(path): an end record for unknown session \(id) is ignored")
                return
            }
            entry.end = end
            entry.outcome = outcome
            entry.stepsDone = stepsDone
            entry.seconds = seconds
            entries[id] = entry
        }
    }
}
