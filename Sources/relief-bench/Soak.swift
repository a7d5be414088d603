import Dispatch
import Glibc
import ReliefMeasure
import ReliefProtocol
import Synchronization

/// What the soak run gave.
struct SoakResults {
    var seconds = 0.0
    /// reliefd processes started (the first and every restart after a kill -9).
    var launches = 0
    var kills = 0
    /// Daemons found dead that the bench had not killed, with their exit reason.
    var crashes: [String] = []
    /// Sessions the daemon acknowledged starting.
    var sessionsStarted = 0
    /// Requests the storm sent, and the connections it opened.
    var stormRequests = 0
    var stormConnections = 0
    /// Largest RSS growth of one daemon over its life (first sample 1 s after start to last), bytes.
    var worstGrowth = 0
    var longestLife = 0.0
    /// RSS of the longest-lived daemon (the last third of the soak runs without kills) 1 s
    /// after its start and at its end, bytes.
    var longestLifeRSS = (first: 0, last: 0)
    /// RSS of each daemon shortly after start and at its end, bytes.
    var firstRSS = 0
    var peakRSS = 0
    /// history.jsonl at the end: start records, end records, starts without an end,
    /// lines that did not parse, outcomes.
    var startRecords = 0
    var endRecords = 0
    var unclosed = 0
    var tornLines = 0
    var outcomes: [String: Int] = [:]
    /// Acknowledged starts with no start record.
    var lost: Int { max(0, sessionsStarted - startRecords) }
}

/// A long scaled session run under a client storm, with reliefd killed (SIGKILL) and
/// restarted on the same state directory every `killEvery` seconds for the first two thirds
/// of the run; the last third runs one daemon on, to see its memory under the storm.
enum Soak {
    static func run(bench: Bench, killEvery: Double = 12) throws -> SoakResults {
        var results = SoakResults()
        let home = bench.directory("soak")
        let sink = try PulseNullSink()
        defer { sink.stop() }
        let environment = bench.environment(home: home, extra: ["PULSE_SERVER": sink.server])
        let arguments = ["--device", "pulse", "--time-scale", "0.02"]
        let socketPath = "\(home)/control.sock"
        let storm = Storm(path: socketPath, threads: 4)
        storm.start()

        let started = monotonicNow()
        var daemon: DaemonUnderTest? = nil
        var life = (started: 0.0, firstRSS: 0, lastRSS: 0)
        func endLife(of current: DaemonUnderTest) {
            let lived = monotonicNow() - life.started
            if lived > results.longestLife { results.longestLifeRSS = (life.firstRSS, life.lastRSS) }
            results.longestLife = max(results.longestLife, lived)
            if life.firstRSS > 0 { results.worstGrowth = max(results.worstGrowth, life.lastRSS - life.firstRSS) }
        }
        while monotonicNow() - started < bench.soakSeconds {
            if daemon == nil {
                let next = try DaemonUnderTest(bench: bench, home: home, arguments: arguments, environment: environment,
                                               log: "reliefd-\(results.launches + 1).log")
                results.launches += 1
                guard next.waitUntilServing() != nil else {
                    results.crashes.append("a restarted reliefd did not serve within 10 s: \(lastLines(next.logPath))")
                    next.stop()
                    break
                }
                daemon = next
                life = (monotonicNow(), 0, 0)
            }
            guard let current = daemon else { break }
            if !current.process.isRunning {
                results.crashes.append("reliefd \(current.pid) ended on its own (\(current.process.ending ?? "?")) after "
                                       + "\(fixed(monotonicNow() - life.started, 1)) s: \(lastLines(current.logPath))")
                endLife(of: current)
                daemon = nil
                continue
            }
            if let counters = ProcessCounters(pid: current.pid) {
                if life.firstRSS == 0 && monotonicNow() - life.started > 1 {
                    life.firstRSS = counters.residentBytes
                    results.firstRSS = max(results.firstRSS, counters.residentBytes)
                }
                life.lastRSS = counters.residentBytes
                results.peakRSS = max(results.peakRSS, counters.residentBytes)
            }
            // Keep a session running: a start while one runs is refused (busy), not counted.
            if let reply = current.request(#"{"cmd":"start","routine":"posture-break"}"#),
               let value = try? JSONValue.parse(reply), value["ok"]?.bool == true, value["skipped"] == nil {
                results.sessionsStarted += 1
            }
            // Kills during the first two thirds; the last third shows one daemon's memory over time.
            if monotonicNow() - life.started >= killEvery && monotonicNow() - started < bench.soakSeconds * 2 / 3 {
                endLife(of: current)
                current.process.kill()
                results.kills += 1
                daemon = nil
                continue
            }
            pause(0.2)
        }
        if let current = daemon {
            if !current.process.isRunning {
                results.crashes.append("reliefd \(current.pid) ended on its own (\(current.process.ending ?? "?")): \(lastLines(current.logPath))")
            }
            endLife(of: current)
            current.stop()  // SIGTERM: the running session ends as stopped
        }
        // One more start on the same state: it marks the last kill's session interrupted.
        let final = try DaemonUnderTest(bench: bench, home: home, arguments: arguments, environment: environment)
        _ = final.waitUntilServing()
        final.stop()
        let totals = storm.stop()
        results.stormRequests = totals.requests
        results.stormConnections = totals.connections
        results.seconds = monotonicNow() - started
        readHistory("\(home)/state/relief/history.jsonl", into: &results)
        return results
    }

    static func readHistory(_ path: String, into results: inout SoakResults) {
        var open: Set<String> = []
        for line in (readText(path) ?? "").split(separator: "\n") {
            guard let value = try? JSONValue.parse(String(line)), let id = value["id"]?.string else {
                results.tornLines += 1
                continue
            }
            switch value["type"]?.string {
            case "start":
                results.startRecords += 1
                open.insert(id)
            case "end":
                results.endRecords += 1
                open.remove(id)
                results.outcomes[value["outcome"]?.string ?? "?", default: 0] += 1
            case "progress":
                break  // how far a running session got (one per step), for an interrupted end
            default:
                results.tornLines += 1
            }
        }
        results.unclosed = open.count
    }
}

/// The end of a log, on one line, for the report.
func lastLines(_ path: String) -> String {
    let text = String((readText(path) ?? "").suffix(400)).split(separator: "\n").joined(separator: " / ")
    return text.isEmpty ? "(nothing on stderr)" : "`\(text)`"
}
