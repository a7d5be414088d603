import Glibc

/// The few file operations routine loading and the daemon need, as thin wrappers over POSIX calls that
/// turn `-1`/errno into a `FileSystemError` carrying `strerror`'s text.
public enum FileSystem {
    /// What kind of thing a path names.
    public enum Kind: Equatable, Sendable { case file, directory, missing, other }

    /// `stat(2)`, following symlinks; a dangling link counts as missing.
    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The names in a directory (`opendir(3)`, `readdir(3)`), without `.` and `..`, sorted.
    public static func contents(ofDirectory path: String) throws(FileSystemError) -> [String] {
        guard let directory = opendir(path) else { throw FileSystemError(errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Runs a call returning -1 on error, retrying on EINTR.
    public static func retrying<T: FixedWidthInteger>(_ call: () -> T) throws(FileSystemError) -> T {
        while true {
            let result = call()
            if result != -1 { return result }
            if errno != EINTR { throw FileSystemError(errno: errno) }
        }
    }
}

/// A failed file operation, described as `strerror` would (e.g. "Permission denied"), with
/// its errno (0 when the failure is not a system call's, e.g. "is not a regular file").
public struct FileSystemError: Error, Equatable, Sendable {
    /// What is wrong, in words.
    public var message: String
    /// The errno behind it, or 0.
    public var code: Int32

    public init(message: String, code: Int32 = 0) {
        self.message = message
        self.code = code
    }

    public init(errno code: Int32) {
        message = errnoText(code)
        self.code = code
    }

    /// The path names nothing (or goes through something that is not a directory).
    public var isMissing: Bool { code == ENOENT || code == ENOTDIR }
}
