import Glibc
import ReliefSystem

/// A fresh directory for one test (mode 0700, under `$TMPDIR` or /tmp), removed with
/// everything in it when released.
public final class TemporaryDirectory {
    /// Its path.
    public let path: String

    /// Creates `prefix-XXXXXX`.
    public init(prefix: String = "relief-test") throws(TestFailure) {
        guard let made = makeTemporaryDirectory(prefix: prefix) else {
            throw TestFailure("cannot create a temporary directory: \(errnoText(errno))")
        }
        path = made
    }

    deinit { Self.removeTree(path) }

    /// Writes `text` to `name` inside the directory (creating subdirectories) and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws(TestFailure) -> String {
        let file = path + "/" + name
        try makeDirectory(String(name[..<(name.lastIndex(of: "/") ?? name.startIndex)]))
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TestFailure("cannot write \(file): \(errnoText(errno))") }
        writeAll(text, to: descriptor)
        close(descriptor)
        return file
    }

    /// Creates the subdirectory `name` (and those above it) and returns its path.
    @discardableResult
    public func makeDirectory(_ name: String) throws(TestFailure) -> String {
        var directory = path
        for part in name.split(separator: "/") {
            directory += "/" + part
            guard mkdir(directory, 0o755) == 0 || errno == EEXIST else {
                throw TestFailure("cannot create \(directory): \(errnoText(errno))")
            }
        }
        return directory
    }

    /// Removes `path`: a file or link at once, a directory after what it holds.
    private static func removeTree(_ path: String) {
        if unlink(path) == 0 { return }
        for name in (try? FileSystem.contents(ofDirectory: path)) ?? [] { removeTree(path + "/" + name) }
        rmdir(path)
    }
}

/// A test precondition that did not hold, with what went wrong.
public struct TestFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// A failure saying `description`.
    public init(_ description: String) { self.description = description }
}
