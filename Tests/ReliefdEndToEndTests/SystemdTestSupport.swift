import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// Shared plumbing for the systemd tests: temporary directories, sockets the test binds
/// itself, and running command-line tools with a time bound. Namespaced so it cannot clash
/// with helpers of other test files in this target.
enum SystemdTestSupport {
    /// The package root, found from this file's location.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The directory holding the built executables (`reliefd`, `relief-ctl`): the test bundle
    /// is built next to them.
    static var buildDirectory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }

    /// A fresh private directory under /tmp (short, so socket paths fit in `sun_path`).
    static func temporaryDirectory() throws -> URL {
        var template = Array("/tmp/relief-systemd-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: \(errno)") }
        return URL(fileURLWithPath: String(cString: made))
    }

    /// Removes a temporary directory and everything in it.
    static func remove(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A failure inside test plumbing, with a message saying what is missing.
    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: Sockets

    /// Builds a `sockaddr_un` for `bytes` (a path, or an abstract name starting with NUL) with
    /// the exact length, and calls `body` with it.
    static func withAddress<R>(_ bytes: [UInt8], abstract: Bool, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (abstract ? 0 : 1))
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// Binds a Unix socket of `type` at a path or, for `@name`, an abstract name.
    static func boundSocket(_ address: String, type: Int32) throws -> Int32 {
        let fd = socket(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket() failed: \(errno)") }
        let abstract = address.hasPrefix("@")
        let bytes = abstract ? [0] + Array(address.utf8.dropFirst()) : Array(address.utf8)
        let result = withAddress(bytes, abstract: abstract) { bind(fd, $0, $1) }
        guard result == 0 else {
            let error = errno
            close(fd)
            throw TestFailure("bind(\(address)) failed: \(String(cString: strerror(error)))")
        }
        return fd
    }

    /// Waits up to `timeout` milliseconds for one datagram and returns it as text.
    static func receiveDatagram(_ fd: Int32, timeout: Int32 = 5000) throws -> String {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeout) == 1 else { throw TestFailure("no datagram within \(timeout) ms") }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { throw TestFailure("recv failed: \(errno)") }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    /// Whether a datagram is waiting, without waiting for one.
    static func hasPendingDatagram(_ fd: Int32) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) == 1
    }

    // MARK: Processes

    /// What a finished command printed and how it ended.
    struct CommandResult {
        let status: Int32
        let output: String
        let errors: String
        /// Standard output and standard error together, for "any output fails" checks.
        var allOutput: String { output + errors }
    }

    /// Runs a program with arguments and environment, killing it (and failing) if it has
    /// not finished within `timeout` seconds. Output goes to files, so a chatty tool cannot
    /// block on a full pipe.
    static func run(
        _ executable: String, _ arguments: [String],
        environment: [String: String]? = nil, directory: URL? = nil, timeout: Double = 60
    ) throws -> CommandResult {
        let scratch = try temporaryDirectory()
        defer { remove(scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = finished.wait(timeout: .now() + 5)
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
        }
        return CommandResult(
            status: process.terminationStatus,
            output: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// A child started the way systemd starts services: empty signal mask and default signal
    /// dispositions. (Foundation's `Process` passes on the test runner's mask, in which SIGTERM
    /// is blocked, so a daemon started with it would never see SIGTERM.)
    final class SpawnedProcess {
        /// The child's process id.
        let pid: pid_t
        private(set) var exitStatus: Int32?

        /// Starts `executable` with exactly `arguments` and `environment`; stdin is /dev/null.
        init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var empty = sigset_t(), all = sigset_t()
            sigemptyset(&empty)
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var child: pid_t = 0
            let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
            guard result == 0 else { throw TestFailure("posix_spawn \(executable) failed: \(String(cString: strerror(result)))") }
            pid = child
        }

        /// Sends `signal` to the child (if it has not been reaped yet).
        func send(_ signal: Int32) {
            if exitStatus == nil { kill(pid, signal) }
        }

        /// Waits, bounded, for the child to exit; returns its exit code (128 + signal if killed).
        func waitForExit(seconds: Double = 10) throws -> Int32 {
            if let exitStatus { return exitStatus }
            let deadline = DispatchTime.now() + seconds
            while true {
                var status: Int32 = 0
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid {
                    let signal = status & 0x7f
                    let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
                    exitStatus = code
                    return code
                }
                guard reaped == 0, DispatchTime.now() < deadline else {
                    throw TestFailure("pid \(pid) did not exit within \(seconds) s")
                }
                usleep(5_000)
            }
        }

        /// Makes sure the child is gone: SIGKILL if still running, then reap it.
        func stop() {
            guard exitStatus == nil else { return }
            kill(pid, SIGKILL)
            _ = try? waitForExit(seconds: 5)
        }
    }

    /// The absolute path of a tool on `PATH` (or the usual system directories), or a failure
    /// saying which Debian package provides it.
    static func tool(_ name: String, package: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin", "/usr/sbin"] {
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw TestFailure("\(name) is not installed; install the Debian package \(package) (make test does)")
    }
}
