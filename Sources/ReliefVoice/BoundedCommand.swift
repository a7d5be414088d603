import Glibc
import ReliefSystem

/// Runs a command to completion within a time and size bound: bytes out from stdout,
/// stderr kept for the error message, stdin `/dev/null` (input goes in the arguments, so
/// no write to a pipe can raise SIGPIPE in the daemon). Started with `posix_spawn` (no fork
/// of a daemon with threads), stopped by its PID with SIGKILL when it overruns, always reaped.
struct BoundedCommand {
    /// The executable's path and its arguments (`arguments[0]` is the program name).
    var executable: String
    var arguments: [String]
    /// The child's environment, `NAME=value`.
    var environment: [String]

    /// What the command printed and how it ended.
    struct Result {
        var output: [UInt8]
        var errorText: String
        /// Exit status, or nil when killed by a signal.
        var status: Int32?
    }

    /// Why the command could not run to completion.
    enum Failure: Error, Equatable {
        /// posix_spawn failed (errno text).
        case cannotStart(String)
        /// It ran longer than the time bound and was killed.
        case timedOut(Double)
        /// It printed more than the size bound and was killed.
        case tooMuchOutput(Int)
        /// A pipe could not be made or read (errno text).
        case io(String)
    }

    /// Runs the command; kills it after `timeout` seconds or `outputLimit` bytes of output.
    func run(timeout: Double, outputLimit: Int) -> Swift.Result<Result, Failure> {
        var stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        defer { for fd in stdoutPipe + stderrPipe where fd >= 0 { close(fd) } }
        for index in 0..<2 {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { return .failure(.io("pipe: \(errnoText(errno))")) }
            // Not inherited by other children the daemon may start meanwhile; dup2 in the
            // child's file actions clears the flag on 1 and 2.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            if index == 0 { stdoutPipe = fds } else { stderrPipe = fds }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            return .failure(.cannotStart("\(executable): \(errnoText(spawned))"))
        }
        // The child has its copies; closing ours lets EOF arrive when it exits.
        close(stdoutPipe[1])
        close(stderrPipe[1])
        stdoutPipe[1] = -1
        stderrPipe[1] = -1

        let deadline = monotonicSeconds() + timeout
        let outcome = collect(stdout: stdoutPipe[0], stderr: stderrPipe[0], deadline: deadline, timeout: timeout,
                              outputLimit: outputLimit)
        let status = reap(pid, killFirst: outcome.failure != nil, deadline: deadline)
        if let failure = outcome.failure { return .failure(failure) }
        return .success(Result(output: outcome.output, errorText: String(decoding: outcome.errors, as: UTF8.self),
                               status: status))
    }

    /// Reads both outputs until EOF, the deadline or the size bound.
    private func collect(stdout: Int32, stderr: Int32, deadline: Double, timeout: Double, outputLimit: Int)
        -> (output: [UInt8], errors: [UInt8], failure: Failure?)
    {
        var output: [UInt8] = [], errors: [UInt8] = []
        var openOut = true, openErr = true
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while openOut || openErr {
            let left = deadline - monotonicSeconds()
            if left <= 0 { return (output, errors, .timedOut(timeout)) }
            var fds: [pollfd] = []
            if openOut { fds.append(pollfd(fd: stdout, events: Int16(POLLIN), revents: 0)) }
            if openErr { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left * 1000 + 1, 60_000)))
            if ready < 0 {
                if errno == EINTR { continue }
                return (output, errors, .io("poll: \(errnoText(errno))"))
            }
            for entry in fds where entry.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress!, $0.count) }
                if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                if n <= 0 {
                    if entry.fd == stdout { openOut = false } else { openErr = false }
                    continue
                }
                if entry.fd == stdout {
                    output.append(contentsOf: buffer[0..<n])
                    if output.count > outputLimit { return (output, errors, .tooMuchOutput(outputLimit)) }
                } else if errors.count < 4096 {
                    errors.append(contentsOf: buffer[0..<min(n, 4096 - errors.count)])
                }
            }
        }
        return (output, errors, nil)
    }

    /// Waits for the child (SIGKILL first when it failed, or once the deadline passed) and
    /// returns its exit status (nil after a signal).
    private func reap(_ pid: pid_t, killFirst: Bool, deadline: Double) -> Int32? {
        if killFirst { kill(pid, SIGKILL) }
        var status: Int32 = 0
        var killed = killFirst
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return nil }
            if !killed && monotonicSeconds() > deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(1_000)
        }
        // WIFEXITED / WEXITSTATUS, which do not import as functions.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : nil
    }
}
