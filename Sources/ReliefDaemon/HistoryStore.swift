import FoundationEssentials
import Logging
import ReliefProtocol
#if canImport(Glibc)
import Glibc
#endif

/// The session history: `history.jsonl` in the state directory, append-only and synced.
///
/// Opening it reads every record, tolerates a torn last line (a crash mid-write) and any other
/// unreadable line with a warning, and marks sessions that started but never ended as
/// `interrupted` by appending their end line. Not thread-safe: the scheduler's queue owns it.
public final class HistoryStore {
    /// The file's path.
    public let path: String
    private let descriptor: Int32
    private var needsNewline: Bool
    private var order: [String] = []
    private var entries: [String: HistoryEntry] = [:]
    private var nextSerial = 0
    private let logger: Logger

    /// Opens (creating it and `directory`, mode 0700, when missing) `directory/history.jsonl`.
    public init(directory: String, logger: Logger) throws(SystemError) {
        self.logger = logger
        try Directories.create(directory)
        let file = directory + "/history.jsonl"
        let contents = FileManager.default.contents(atPath: file).map { [UInt8]($0) } ?? []
        path = file
        needsNewline = !(contents.isEmpty || contents.last == UInt8(ascii: "\n"))
        descriptor = try systemCall("open(\(file))") { open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600) }
        read(contents)
    }

    deinit { closeDescriptor(descriptor) }

    /// Appends an `end` line (outcome `interrupted`, end unknown) for every session that
    /// started but never ended: the daemon that ran it died. Returns how many.
    @discardableResult
    public func markInterrupted() -> Int {
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
        let id = "\(Int64(start * 1_000_000))-\(getpid())-\(nextSerial)"
        apply(.start(id: id, routine: routine, start: start, scheduled: scheduled))
        append(.start(id: id, routine: routine, start: start, scheduled: scheduled))
        return id
    }

    /// Records how session `id` ended.
    public func recordEnd(id: String, end: Double?, outcome: String, stepsDone: Int, seconds: Double) {
        let record = HistoryRecord.end(id: id, end: end, outcome: outcome, stepsDone: stepsDone, seconds: seconds)
        apply(record)
        append(record)
    }

    /// Every recorded session, oldest first.
    public var sessions: [HistoryEntry] { order.compactMap { entries[$0] } }

    /// The sessions started in the last `days` local days (today included) and the summary.
    public func report(days: Int, now: Double, zone: LocalDays) -> HistoryReport {
        let firstDay = zone.day(of: now) - days + 1
        let all = sessions
        return HistoryReport(sessions: all.filter { zone.day(of: $0.start) >= firstDay }.sorted { $0.start < $1.start },
                             summary: .summarize(all, now: now, days: zone))
    }

    private func read(_ contents: [UInt8]) {
        let lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            do {
                apply(try Wire.decode(HistoryRecord.self, from: line))
            } catch {
                if index == lines.count - 1 {
                    logger.warning("\(path):\(index + 1): ignoring a torn last line (the daemon stopped while writing it)")
                } else {
                    logger.warning("\(path):\(index + 1): ignoring an unreadable line")
                }
            }
        }
    }

    private func apply(_ record: HistoryRecord) {
        switch record {
        case .start(let id, let routine, let start, let scheduled):
            if entries[id] == nil { order.append(id) }
            entries[id] = HistoryEntry(routine: routine, start: start, end: nil, outcome: nil, scheduled: scheduled,
                                       stepsDone: 0, seconds: 0)
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

    /// Writes one line and syncs it to disk, so a crash right after cannot lose it. A failure
    /// is logged, never thrown: losing a history line must not stop a session.
    private func append(_ record: HistoryRecord) {
        do {
            var bytes = try Wire.line(record)
            if needsNewline { bytes.insert(UInt8(ascii: "\n"), at: 0) }
            var written = 0
            while written < bytes.count {
                written += try bytes[written...].withUnsafeBytes { buffer throws(SystemError) in
                    try systemCall("write(\(path))") { write(descriptor, buffer.baseAddress, buffer.count) }
                }
            }
            needsNewline = false
            try systemCall("fsync(\(path))") { fsync(descriptor) }
        } catch {
            logger.error("cannot record the session in \(path): \(error)")
        }
    }
}
