import Dispatch
import Glibc
import ReliefMeasure

/// One run of a short command, timed from just before `posix_spawn` to the return of
/// `waitpid`: what a shell user (or a status-bar script) waits for.
struct TimedRun {
    /// Exit status, or 128+signal when the command was killed.
    var status: Int32
    /// Whole-process seconds.
    var seconds: Double

    /// Runs `arguments` with `environment`, stdout to `output` (a file) or /dev/null (stderr
    /// likewise to `errorLog`), and
    /// kills it after `timeout` seconds (then `status` is 128+9).
    static func run(_ arguments: [String], environment: [String: String], output: String? = nil,
                    errorLog: String? = nil, timeout: Double = 10) throws -> TimedRun {
        let started = monotonicNow()
        let child = try ChildProcess(arguments, environment: environment, output: output.map { .file($0) } ?? .null, errorLog: errorLog)
        let pid = child.pid
        // waitpid blocks (no polling that would steal CPU from the child); a watchdog bounds it.
        let watchdog = DispatchWorkItem { Glibc.kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let seconds = monotonicNow() - started
        watchdog.cancel()
        let signal = raw & 0x7f
        return TimedRun(status: signal == 0 ? (raw >> 8) & 0xff : 128 + signal, seconds: seconds)
    }
}
