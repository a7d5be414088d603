import Glibc
import ReliefSystem

/// Why the control socket could not be set up; each says what to do about it.
public enum ControlSocketError: Error, Sendable, CustomStringConvertible {
    /// A daemon already answers on the path.
    case alreadyRunning(path: String)
    /// The path is too long for a Unix socket address (107 bytes).
    case pathTooLong(path: String)
    /// Something that is not a socket is in the way.
    case notASocket(path: String)
    /// The socket's directory belongs to another user.
    case foreignDirectory(path: String, owner: uid_t)
    /// The socket's directory could let another user swap the socket (a symlink, or
    /// group/world-writable).
    case unsafeDirectory(path: String, reason: String)
    /// A descriptor passed by socket activation is not a listening stream socket.
    case notListening(descriptor: Int32)
    /// A system call failed.
    case system(SystemError, path: String)

    /// The message reliefd prints before exiting.
    public var description: String {
        switch self {
        case .alreadyRunning(let path):
            "another reliefd is running on \(path)"
        case .pathTooLong(let path):
            "socket path \(path) is longer than 107 bytes; choose a shorter --socket"
        case .notASocket(let path):
            "\(path) exists and is not a socket; remove it or choose another --socket"
        case .foreignDirectory(let path, let owner):
            "\(path) belongs to uid \(owner), not to you; remove it or choose another --socket"
        case .unsafeDirectory(let path, let reason):
            "the socket directory \(path) \(reason); fix it or choose another --socket"
        case .notListening(let descriptor):
            "descriptor \(descriptor) passed by socket activation is not a listening stream socket"
        case .system(let error, let path):
            "cannot set up the control socket \(path): \(error)"
        }
    }
}

/// The daemon's listening Unix socket: either bound here (directory 0700, socket 0600, a
/// stale file replaced, a live daemon refused) or adopted from socket activation.
public final class ControlSocket: Sendable {
    /// The listening descriptor (non-blocking, close-on-exec).
    public let descriptor: Int32
    /// The path served, for messages.
    public let path: String
    /// Identity of the file bound here, so `remove()` never deletes a successor's socket;
    /// nil when adopted (the socket unit owns the file).
    private let boundFile: (device: UInt64, inode: UInt64)?

    /// Binds `path`, creating its directory with mode 0700 when missing.
    public init(binding path: String) throws(ControlSocketError) {
        self.path = path
        guard let address = UnixSocketAddress(path: path) else { throw .pathTooLong(path: path) }
        do {
            let directory = Directories.parent(of: path)
            try Directories.create(directory)
            var info = stat()
            // lstat: a symlink there could be swapped for another directory under the socket.
            try systemCall("lstat(\(directory))") { lstat(directory, &info) }
            if info.st_mode & S_IFMT == S_IFLNK { throw ControlSocketError.unsafeDirectory(path: directory, reason: "is a symbolic link") }
            if info.st_uid != getuid(), getuid() != 0 { throw ControlSocketError.foreignDirectory(path: directory, owner: info.st_uid) }
            if info.st_mode & 0o022 != 0 {
                throw ControlSocketError.unsafeDirectory(path: directory, reason: "is writable by others (mode \(String(info.st_mode & 0o7777, radix: 8))); make it 0700")
            }
            try Self.clearStale(path)
            let fd = try systemCall("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0) }
            do {
                try makeNonBlockingAndCloseOnExec(fd)
                let mask = umask(0o177)  // the socket file is created 0600: no window where others may connect
                defer { umask(mask) }
                _ = try address.withSockaddr { (address, length) throws(SystemError) in
                    try systemCall("bind(\(path))") { bind(fd, address, length) }
                }
                try systemCall("chmod(\(path))") { chmod(path, 0o600) }
                try systemCall("listen") { listen(fd, SOMAXCONN) }
                try systemCall("stat(\(path))") { stat(path, &info) }
            } catch {
                closeDescriptor(fd)
                throw error
            }
            descriptor = fd
            boundFile = (UInt64(info.st_dev), UInt64(info.st_ino))
        } catch let error as ControlSocketError {
            throw error
        } catch let error as SystemError {
            throw .system(error, path: path)
        } catch {
            throw .system(SystemError(function: "\(error)", errno: EINVAL), path: path)
        }
    }

    /// Adopts `descriptor`, already listening (socket activation: `LISTEN_FDS`), serving `path`.
    public init(adopting descriptor: Int32, path: String) throws(ControlSocketError) {
        var listening: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        do {
            try systemCall("getsockopt") { getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) }
            guard listening != 0 else { throw ControlSocketError.notListening(descriptor: descriptor) }
            try makeNonBlockingAndCloseOnExec(descriptor)
        } catch let error as SystemError {
            throw error.errno == ENOTSOCK || error.errno == EBADF ? .notListening(descriptor: descriptor) : .system(error, path: path)
        } catch {
            throw .notListening(descriptor: descriptor)
        }
        self.descriptor = descriptor
        self.path = path
        boundFile = nil
    }

    /// Closes the socket and removes its file, if this daemon bound it and it is still the same file.
    public func remove() {
        closeDescriptor(descriptor)
        guard let boundFile else { return }
        var info = stat()
        if stat(path, &info) == 0, UInt64(info.st_dev) == boundFile.device, UInt64(info.st_ino) == boundFile.inode {
            unlink(path)
        }
    }

    /// Whether a daemon answers on `path` (a connect succeeds or its backlog is full).
    public static func isLive(_ path: String) -> Bool {
        guard let fd = try? systemCall("socket", { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0) }) else { return false }
        defer { closeDescriptor(fd) }
        _ = try? makeNonBlockingAndCloseOnExec(fd)
        guard let result = withUnixAddress(path, { connect(fd, $0, $1) }) else { return false }
        return result == 0 || errno == EAGAIN || errno == EINPROGRESS
    }

    /// Removes a socket file nobody answers on (left by a crash); refuses a live one or a non-socket.
    private static func clearStale(_ path: String) throws(ControlSocketError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path: path) }
        if isLive(path) { throw .alreadyRunning(path: path) }
        unlink(path)
    }
}
