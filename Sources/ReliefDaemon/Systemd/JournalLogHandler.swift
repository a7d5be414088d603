import Logging
import Glibc
import ReliefSystem

/// Log lines for the systemd journal: `<N>message`, N the syslog priority, no timestamp.
///
/// Under systemd, stderr goes to journald, which stamps each line itself and reads a leading
/// `<N>` as its priority, so `journalctl -p warning` shows warnings and worse. On a
/// terminal, the usual StreamLogHandler format (with its timestamp) stays.
public struct JournalLogHandler: LogHandler {
    /// The label (`reliefd`); not printed, the journal names the unit.
    public let label: String
    /// Least severe level written.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line, as `key=value` before the message.
    public var metadata: Logger.Metadata = [:]

    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error, or to `write` (tests).
    public init(label: String, write: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.write = write ?? { writeToStandardError($0) }
    }

    /// Metadata by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line per log call: each line of a multi-line message gets the prefix.
    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let context = merged.isEmpty ? "" : merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + " "
        let prefix = "<\(Self.priority(event.level))>"
        let text = "\(event.message)".split(separator: "\n", omittingEmptySubsequences: false)
            .map { prefix + context + $0 }.joined(separator: "\n")
        write(text + "\n")
    }

    /// The syslog priority journald reads from `<N>` (sd-daemon.h's SD_DEBUG … SD_CRIT).
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// True when standard error is the journal stream systemd set up: `JOURNAL_STREAM` is
    /// `DEVICE:INODE` of that stream, and it must match stderr itself (a child whose stderr
    /// was redirected inherits the variable but not the stream).
    public static func stderrIsJournal(environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
