import ReliefCore
import Glibc
import ReliefSystem

/// `history.jsonl` on disk: read once, then appended to line by line, each line synced.
///
/// Writing history must never stop a session, so nothing here throws. When the file cannot be
/// opened or written — the state directory read-only or missing, the file a directory, a
/// FIFO or a symlink (never followed: reliefd would append to whatever it points at), the disk
/// full — `problem` says why, and the lines that could not be written wait in memory until
/// `retry()` succeeds. A failed append never leaves a fragment: the file is cut back to
/// where the line began, so the next line cannot be glued to a torn one.
final class HistoryFile {
    /// Larger than years of daily sessions (about 250 bytes each); refuses a runaway file.
    static let sizeLimit = 64 << 20

    let path: String
    private let directory: String
    private var descriptor: Int32 = -1
    /// True when the file ends without a newline (a torn line left by a crash).
    private var needsNewline = false
    /// Lines not yet on disk, oldest first.
    private(set) var unwritten: [[UInt8]] = []
    /// Why history cannot be written now; nil when it can.
    private(set) var problem: String?

    init(directory: String) {
        self.directory = directory
        path = directory + "/history.jsonl"
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Opens the file (creating it and its directory, mode 0700, when missing) and returns
    /// its contents; nil when it cannot be used (see `problem`).
    func open() -> [UInt8]? {
        do throws(SystemError) {
            try Directories.create(directory)
        } catch {
            problem = "cannot create the state directory \(directory): \(errnoText(error.errno))"
            return nil
        }
        let contents: [UInt8]
        do throws(FileSystemError) {
            contents = try SafeFile.read(path, limit: Self.sizeLimit, what: "the history", followSymlinks: false)
        } catch where error.isMissing {
            contents = []
        } catch {
            problem = "\(path) \(error.message); move it away so reliefd can start a new history"
            return nil
        }
        do throws(FileSystemError) {
            descriptor = try SafeFile.openRegular(path, flags: O_WRONLY | O_APPEND | O_CREAT, followSymlinks: false)
        } catch {
            problem = "cannot open \(path) for writing: \(error.message)"
            return nil
        }
        needsNewline = !(contents.isEmpty || contents.last == UInt8(ascii: "\n"))
        problem = nil
        return contents
    }

    var isOpen: Bool { descriptor >= 0 }

    /// Queues `line` (newline included) and writes every queued line; false when the file
    /// cannot take them now (they wait for `flush()`).
    @discardableResult
    func append(_ line: [UInt8]) -> Bool {
        unwritten.append(line)
        return flush()
    }

    /// Writes the queued lines in order; false (with `problem` set) at the first that fails.
    @discardableResult
    func flush() -> Bool {
        guard isOpen else { return unwritten.isEmpty }
        while let line = unwritten.first {
            if let failure = write(line) {
                problem = "cannot write \(path): \(failure); \(unwritten.count) record(s) wait in memory"
                return false
            }
            unwritten.removeFirst()
        }
        problem = nil
        return true
    }

    /// Writes one line and syncs it; on failure cuts the file back to where the line began
    /// and returns why.
    private func write(_ line: [UInt8]) -> String? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return errnoText(errno) }
        let before = info.st_size
        let bytes = needsNewline ? [UInt8(ascii: "\n")] + line : line
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let failure = errnoText(errno)
                // A fragment would glue the next line to it; without the cut, start it afresh.
                if ftruncate(descriptor, before) != 0, written > 0 { needsNewline = true }
                return failure
            }
            written += count
        }
        needsNewline = false
        if fsync(descriptor) != 0, errno != EINVAL {
            let failure = errnoText(errno)
            if ftruncate(descriptor, before) != 0 { needsNewline = true }
            return failure
        }
        return nil
    }
}
