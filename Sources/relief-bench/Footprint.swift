import Glibc
import ReliefMeasure

/// Memory and wakeups of a process over a window, from /proc.
struct Usage {
    /// Resident set size at the end of the window, bytes, and its anonymous and file parts.
    var residentBytes: Int
    var anonymousBytes: Int
    var fileBytes: Int
    /// Context switches (all threads) per second over the window.
    var wakeupsPerSecond: Double
    /// Threads at the end, and threads that ended during the window.
    var threads: Int
    var threadsEnded: Int

    /// Watches `pid` for `seconds`.
    static func watch(pid: pid_t, seconds: Double) throws -> Usage {
        guard let before = ProcessCounters(pid: pid) else { throw BenchError("process \(pid) is gone") }
        let started = monotonicNow()
        pause(seconds)
        guard let after = ProcessCounters(pid: pid) else { throw BenchError("process \(pid) exited while watched") }
        let delta = after.switches(since: before)
        return Usage(residentBytes: after.residentBytes, anonymousBytes: after.anonymousBytes, fileBytes: after.fileBytes,
                     wakeupsPerSecond: Double(delta.switches) / (monotonicNow() - started),
                     threads: after.switchesByThread.count, threadsEnded: delta.ended)
    }
}

/// What the footprint measurements gave.
struct FootprintResults {
    var idle: Usage?
    var session: Usage?
    /// The same session with the sink kept running by a recorder.
    var sessionRunningSink: Usage?
    var mpdIdle: Usage?
    var mpdProblem: String?
    /// Of reliefd's idle RSS: the pages of its own binary, and of the shared libraries it maps.
    var idleBinaryBytes: Int?
    var idleLibraryBytes: Int?
    /// Release binaries, their sizes in bytes, and stripped of symbols and debug info.
    var binaries: [(name: String, bytes: Int, stripped: Int?)] = []
}

enum Footprint {
    static let window = 10.0
    /// A session is watched longer: its sounds come and go (cues, silent phases).
    static let sessionWindow = 60.0
    /// The routine watched: a built-in one, at time scale 1, as a user runs it.
    static let sessionRoutine = "wall-stretch"

    static func run(bench: Bench) throws -> FootprintResults {
        var results = FootprintResults()
        let home = bench.directory("footprint")
        for name in ["reliefd", "relief-ctl"] {
            guard let size = fileSize("\(bench.binDirectory)/\(name)") else { continue }
            let stripped = "\(home)/\(name).stripped"
            let strip = try? TimedRun.run(["strip", "-o", stripped, "\(bench.binDirectory)/\(name)"], environment: bench.environment(home: home), timeout: 60)
            results.binaries.append((name, size, strip?.status == 0 ? fileSize(stripped) : nil))
        }
        let sink = try PulseNullSink()
        defer { sink.stop() }
        let environment = bench.environment(home: home, extra: ["PULSE_SERVER": sink.server])
        // Time scale 1: a session as a user runs it.
        let daemon = try DaemonUnderTest(bench: bench, home: home, arguments: ["--device", "pulse"], environment: environment)
        defer { daemon.stop() }
        guard daemon.waitUntilServing() != nil else { throw BenchError("reliefd did not start: \(readText("\(home)/reliefd.log") ?? "")") }
        pause(2)  // start-up work done
        results.idle = try Usage.watch(pid: daemon.pid, seconds: window)
        (results.idleBinaryBytes, results.idleLibraryBytes) = residentByFile(pid: daemon.pid, binary: "\(bench.binDirectory)/reliefd")
        guard daemon.request(#"{"cmd":"start","routine":"\#(sessionRoutine)"}"#)?.contains("\"ok\":true") == true else {
            throw BenchError("reliefd refused to start \(sessionRoutine)")
        }
        pause(1)
        results.session = try Usage.watch(pid: daemon.pid, seconds: sessionWindow)
        _ = daemon.request(#"{"cmd":"stop"}"#)
        // Again with the sink kept running by a recorder, as when anything else plays or
        // records: the stream's starts after each rest then take milliseconds, not the idle
        // null sink's up to 2 s.
        let recorder = try sink.record()
        defer { _ = recorder.stop() }
        pause(1)
        if daemon.request(#"{"cmd":"start","routine":"\#(sessionRoutine)"}"#)?.contains("\"ok\":true") == true {
            pause(1)
            results.sessionRunningSink = try Usage.watch(pid: daemon.pid, seconds: sessionWindow)
            _ = daemon.request(#"{"cmd":"stop"}"#)
        }
        daemon.stop()

        do {
            let mpd = try MusicDaemon(bench: bench)
            defer { mpd.stop() }
            pause(1)
            results.mpdIdle = try Usage.watch(pid: mpd.pid, seconds: window)
        } catch {
            results.mpdProblem = "\(error)"
        }
        return results
    }

    /// Resident bytes of `pid`'s mappings of `binary`, and of its shared libraries (/proc/PID/smaps).
    static func residentByFile(pid: pid_t, binary: String) -> (Int?, Int?) {
        guard let smaps = readText("/proc/\(pid)/smaps") else { return (nil, nil) }
        var own = 0, libraries = 0, current = ""
        for line in smaps.split(separator: "\n") {
            if let first = line.first, first.isHexDigit, line.contains("-") {
                current = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(5).joined(separator: " ")
            } else if line.hasPrefix("Rss:") {
                let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
                if current.hasSuffix("/reliefd") || current == binary { own += kib * 1024 }
                else if current.contains(".so") { libraries += kib * 1024 }
            }
        }
        return (own, libraries)
    }
}
