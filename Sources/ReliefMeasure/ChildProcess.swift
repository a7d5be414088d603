import Glibc

/// A process started with `posix_spawnp`, known by its PID and always stopped with a time
/// bound: tests and the benchmark never leave helpers behind and never hang on one.
public final class ChildProcess: @unchecked Sendable {  // pid is immutable; reaping is idempotent
    /// The child's process id.
    public let pid: pid_t
    private var reaped = false
    /// How the child ended, once reaped: "exit N" or "signal N" (nil while it runs, or when a
    /// caller reaped it with its own waitpid).
    public private(set) var ending: String?

    /// Where the child's standard output goes.
    public enum Output {
        /// Discarded (`/dev/null`).
        case null
        /// Appended to a file.
        case file(String)
        /// The write end of a pipe (closed in the parent after spawning by the caller).
        case descriptor(Int32)
    }

    /// Why a child could not be started.
    public struct SpawnError: Error, CustomStringConvertible {
        /// The command and the errno text.
        public var description: String
        /// The errno posix_spawn returned, when it was the spawn that failed.
        public var code: Int32? = nil
    }

    /// Starts `arguments[0]` (looked up in PATH) with exactly `environment`; stderr goes to
    /// `errorLog` (a file) or `/dev/null`. Descriptors in `close` are closed in the child.
    public init(_ arguments: [String], environment: [String: String], output: Output = .null,
                errorLog: String? = nil, close descriptors: [Int32] = []) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch output {
        case .null: posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, 1)
        }
        posix_spawn_file_actions_addopen(&actions, 2, errorLog ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o644)
        for fd in descriptors { posix_spawn_file_actions_addclose(&actions, fd) }

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "cannot start \(arguments[0]): \(errnoText(result))", code: result)
        }
        self.pid = pid
    }

    deinit { stop(within: 1) }

    /// Whether the child still runs (reaps it if it has exited).
    public var isRunning: Bool {
        if reaped { return false }
        var status: Int32 = 0
        // ECHILD: already reaped by a caller's own blocking waitpid; never signal the
        // (possibly reused) pid again.
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            reaped = true
            let signal = status & 0x7f
            ending = signal == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(signal)"
        } else if result < 0 && errno == ECHILD {
            reaped = true
        }
        return !reaped
    }

    /// Sends SIGTERM, waits up to `within` seconds, then SIGKILL and reaps.
    public func stop(within seconds: Double) {
        guard isRunning else { return }
        Glibc.kill(pid, SIGTERM)
        if waitForExit(timeout: seconds) { return }
        kill()
    }

    /// SIGKILL now, and reap (bounded: a killed process exits at once).
    public func kill() {
        guard isRunning else { return }
        Glibc.kill(pid, SIGKILL)
        _ = waitForExit(timeout: 5)
    }

    /// Waits up to `timeout` seconds for the child to exit; true if it did.
    public func waitForExit(timeout: Double) -> Bool {
        var waited = 0.0
        while isRunning {
            if waited >= timeout { return false }
            usleep(5_000)
            waited += 0.005
        }
        return true
    }
}

/// Whether `command` is an executable in PATH.
public func isInstalled(_ command: String) -> Bool {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains { access("\($0)/\(command)", X_OK) == 0 }
}

/// Removes a directory tree created by a test (depth-first, best effort).
public func removeTree(_ path: String) {
    guard let names = try? FileSystem.contents(ofDirectory: path) else {
        unlink(path)
        return
    }
    for name in names {
        let child = "\(path)/\(name)"
        var info = stat()
        if lstat(child, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            removeTree(child)
        } else {
            unlink(child)
        }
    }
    rmdir(path)
}
