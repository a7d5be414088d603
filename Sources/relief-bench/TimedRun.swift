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

/// Counters of a running process from /proc/PID/status and /proc/PID/task/*/status.
struct ProcessCounters {
    /// Resident set size in bytes, and its anonymous (heap, stacks) and file-backed (the
    /// binary's pages) parts.
    var residentBytes = 0
    var anonymousBytes = 0
    var fileBytes = 0
    /// Voluntary plus involuntary context switches of each thread so far, by thread id:
    /// each is one wakeup or preemption. (The process line counts the main thread only.)
    var switchesByThread: [Int32: Int] = [:]

    /// Reads the counters of `pid`; nil when it is gone.
    init?(pid: pid_t) {
        guard let text = readText("/proc/\(pid)/status") else { return nil }
        for (key, value) in ProcessCounters.fields(text) {
            switch key {
            case "VmRSS:": residentBytes = value * 1024
            case "RssAnon:": anonymousBytes = value * 1024
            case "RssFile:": fileBytes = value * 1024
            default: break
            }
        }
        for name in listDirectory("/proc/\(pid)/task") {
            guard let tid = Int32(name), let thread = readText("/proc/\(pid)/task/\(tid)/status") else { continue }
            switchesByThread[tid] = ProcessCounters.fields(thread)
                .filter { $0.key == "voluntary_ctxt_switches:" || $0.key == "nonvoluntary_ctxt_switches:" }
                .reduce(0) { $0 + $1.value }
        }
    }

    /// Switches from `earlier` to these counters: threads alive at both count their
    /// difference, new threads all of theirs; threads that ended in between are counted in
    /// `ended` (their last switches are lost with them).
    func switches(since earlier: ProcessCounters) -> (switches: Int, ended: Int) {
        var total = 0
        for (tid, count) in switchesByThread { total += count - (earlier.switchesByThread[tid] ?? 0) }
        return (total, earlier.switchesByThread.keys.filter { switchesByThread[$0] == nil }.count)
    }

    private static func fields(_ text: String) -> [(key: Substring, value: Int)] {
        text.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, let value = Int(words[1]) else { return nil }
            return (words[0], value)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" || text.last == "\n" { text.removeLast() }
        return String(text)
    }
}

/// A whole (small) text file, or nil.
func readText(_ path: String) -> String? {
    readBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

/// Writes `text` to `path` (created or truncated).
func writeText(_ path: String, _ text: String, mode: mode_t = 0o644) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

/// Size of a file in bytes, or nil.
func fileSize(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
}

/// Progress for the person running `make bench` (stderr; stdout is the report).
func progress(_ text: String) {
    var line = "relief-bench: \(text)\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
