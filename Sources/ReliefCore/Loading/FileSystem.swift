#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations routine loading needs, as thin wrappers over POSIX calls that
/// turn `-1`/errno into a `FileSystemError` carrying `strerror`'s text.
enum FileSystem {
    /// What kind of thing a path names.
    enum Kind: Equatable { case file, directory, missing, other }

    /// `stat(2)`, following symlinks; a dangling link counts as missing.
    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Reads a whole regular file of at most `limit` bytes (`open(2)`, `fstat(2)`, `read(2)`).
    ///
    /// Opened non-blocking and checked with `fstat` first, so a FIFO or device named like a
    /// routine is refused instead of blocking the daemon forever.
    static func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        let fd = try retrying { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        defer { close(fd) }
        var info = stat()
        _ = try retrying { fstat(fd, &info) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileSystemError(message: "is a directory")
        default: throw FileSystemError(message: "is not a regular file")
        }
        if Int(info.st_size) > limit { throw tooLarge(limit) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try retrying { chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { throw tooLarge(limit) }
        }
    }

    private static func tooLarge(_ limit: Int) -> FileSystemError {
        FileSystemError(message: "is larger than \(limit / 1024) KiB, too large for a routine")
    }

    /// The names in a directory (`opendir(3)`, `readdir(3)`), without `.` and `..`, sorted.
    static func contents(ofDirectory path: String) throws(FileSystemError) -> [String] {
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
    private static func retrying<T: FixedWidthInteger>(_ call: () -> T) throws(FileSystemError) -> T {
        while true {
            let result = call()
            if result != -1 { return result }
            if errno != EINTR { throw FileSystemError(errno: errno) }
        }
    }
}

/// A failed file operation, described as `strerror` would (e.g. "Permission denied").
struct FileSystemError: Error, Equatable {
    var message: String

    init(message: String) { self.message = message }

    init(errno code: Int32) {
        message = String(cString: strerror(code))
    }
}
