import Glibc

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
