import Glibc
import ReliefSystem

/// Whether the safety briefing has been heard once: a marker file `safety-briefing-heard`
/// in the state directory, beside the history.
///
/// The first session ever opens with the spoken briefing, and a scheduled break never
/// comes before it has been heard; so "heard" must survive restarts. A marker rather than
/// "the history is empty" because a session stopped during the briefing is history, yet
/// the briefing was not heard. The marker is created without following a symlink and is
/// never read, only tested for (`lstat`), so nothing in it can harm the daemon.
public final class SafetyBriefingRecord: @unchecked Sendable {
    /// The marker's path.
    public let path: String
    /// Cached: once heard, heard for good (no file system call on the scheduler's path).
    private var heardCache = false

    /// The record in `directory` (the daemon's state directory, which exists).
    public init(directory: String) {
        path = directory + "/safety-briefing-heard"
    }

    /// True once the briefing has been heard (or the notes read with `relief-ctl safety`).
    public var heard: Bool {
        if heardCache { return true }
        var info = stat()
        heardCache = lstat(path, &info) == 0
        return heardCache
    }

    /// Records that the briefing was heard. A failure (read-only disk) is returned as text
    /// for the log; the daemon then remembers it until it exits.
    @discardableResult
    public func markHeard() -> String? {
        guard !heard else { return nil }
        heardCache = true
        let descriptor = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o600)
        guard descriptor >= 0 else {
            return "cannot record that the safety briefing was heard in \(path): \(errnoText(errno))"
        }
        close(descriptor)
        return nil
    }
}
