import Glibc

/// The one way the daemon reads a file a user can put anything at: routines, reliefd.toml,
/// cue overrides, history.jsonl.
///
/// A FIFO there would block `open(2)` or `read(2)` for ever (and with it a Dispatch thread,
/// then the whole daemon), a device could be endless, a log file huge. So the file is opened
/// non-blocking, must be a regular file (`fstat` on the descriptor, so nothing can be swapped
/// in between), is refused beyond `limit` bytes, and — where the daemon also writes the
/// path — must not be a symlink (`O_NOFOLLOW`).
public enum SafeFile {
    /// The whole contents of the regular file at `path`, at most `limit` bytes.
    ///
    /// - Parameters:
    ///   - what: names the file's role in the too-large message ("a routine", "reliefd.toml").
    ///   - followSymlinks: false refuses a symlink at `path` itself ("is a symbolic link").
    /// - Throws: `FileSystemError`; `isMissing` when nothing is there.
    public static func read(_ path: String, limit: Int, what: String, followSymlinks: Bool = true) throws(FileSystemError) -> [UInt8] {
        let fd = try open(path, flags: O_RDONLY, followSymlinks: followSymlinks)
        defer { close(fd) }
        let size = try regularFileSize(fd)
        if size > limit { throw tooLarge(limit, what) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try FileSystem.retrying { chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { throw tooLarge(limit, what) }
        }
    }

    /// Opens `path` non-blocking and close-on-exec with `flags` (plus `O_NOFOLLOW` unless
    /// `followSymlinks`) and checks it is a regular file; returns the descriptor.
    public static func openRegular(_ path: String, flags: Int32, mode: mode_t = 0o600,
                                   followSymlinks: Bool) throws(FileSystemError) -> Int32 {
        let fd = try open(path, flags: flags, mode: mode, followSymlinks: followSymlinks)
        do throws(FileSystemError) {
            _ = try regularFileSize(fd)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    private static func open(_ path: String, flags: Int32, mode: mode_t = 0o600,
                             followSymlinks: Bool) throws(FileSystemError) -> Int32 {
        let all = flags | O_CLOEXEC | O_NONBLOCK | (followSymlinks ? 0 : O_NOFOLLOW)
        do throws(FileSystemError) {
            return try FileSystem.retrying { Glibc.open(path, all, mode) }
        } catch where error.code == ELOOP && !followSymlinks {
            throw FileSystemError(message: "is a symbolic link, which is refused here", code: ELOOP)
        }
    }

    /// The size of the regular file open on `fd`; throws for anything else.
    private static func regularFileSize(_ fd: Int32) throws(FileSystemError) -> Int {
        var info = stat()
        _ = try FileSystem.retrying { fstat(fd, &info) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return Int(info.st_size)
        case S_IFDIR: throw FileSystemError(message: "is a directory", code: EISDIR)
        case S_IFIFO: throw FileSystemError(message: "is not a regular file (a FIFO)", code: EINVAL)
        default: throw FileSystemError(message: "is not a regular file", code: EINVAL)
        }
    }

    private static func tooLarge(_ limit: Int, _ what: String) -> FileSystemError {
        FileSystemError(message: "is larger than \(limit / 1024) KiB, too large for \(what)", code: EFBIG)
    }
}
