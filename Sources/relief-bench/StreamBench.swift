import Glibc
import ReliefMeasure

/// The output stream on each sound server: several timed sessions (first cue, jitter,
/// `onset_unix` against the recording, wakeups) and control → cue latency.
struct StreamResults {
    var server: SoundServer
    var runs: [Result<TimingRun, Error>] = []
    var control: Result<ControlLatency, Error>?
}

/// Seconds from a control request being sent to its cue's onset at the sink.
struct ControlLatency {
    var pause: [Double] = []
    var resume: [Double] = []
    var stop: [Double] = []
    var missed = 0
}

enum StreamBench {
    static func run(bench: Bench, server: SoundServer, runs: Int) -> StreamResults {
        var results = StreamResults(server: server)
        for index in 0..<runs {
            progress("stream on \(server.title): timed session \(index + 1) of \(runs)")
            results.runs.append(Result { try CueTiming.reliefd(bench: bench, server: server, name: "stream-\(server.rawValue)-\(index)") })
        }
        progress("stream on \(server.title): pause, resume and stop → cue at the sink")
        results.control = Result { try control(bench: bench, server: server) }
        return results
    }

    /// A held step (silent between cues); `toggle` pauses and resumes it, each with its cue;
    /// then `start` + `stop` a few times (stop's cue). Each request's latency is the first
    /// onset in the recording after it was sent.
    static func control(bench: Bench, server: SoundServer, presses: Int = 8, gap: Double = 0.8) throws -> ControlLatency {
        let home = bench.directory("stream-control-\(server.rawValue)")
        let routines = bench.directory("stream-control-routines-\(server.rawValue)")
        writeText("\(routines)/bench-hold.toml", MediaLatency.routine)
        let sink = try BenchSink(server, bench: bench, home: home)
        defer { sink.stop() }
        let recorder = try sink.record()
        guard recorder.waitForData(timeout: 5) else { throw BenchError("the recorder delivered no data within 5 s") }
        let environment = bench.environment(home: home, extra: sink.daemonEnvironment)
        let daemon = try DaemonUnderTest(bench: bench, home: home, arguments: ["--device", sink.device, "--routines", routines],
                                         environment: environment)
        defer { daemon.stop() }
        guard daemon.waitUntilServing() != nil else { throw BenchError("reliefd did not answer ping within 10 s: \(readText(daemon.logPath) ?? "")") }
        guard let connection = LineConnection(path: daemon.socketPath) else { throw BenchError("cannot connect to reliefd") }
        let offset = wallMinusMonotonic()
        guard connection.request(#"{"cmd":"start","routine":"bench-hold"}"#)?.contains("\"ok\":true") == true else {
            throw BenchError("start bench-hold failed: \(readText(daemon.logPath) ?? "")")
        }
        pause(1.5)  // the begin cue is over; the prepare phase is silent
        var pauses: [Double] = [], resumes: [Double] = [], stops: [Double] = []
        for press in 0..<(presses * 2) {
            let sent = wallNow()
            _ = connection.request(#"{"cmd":"toggle"}"#)
            if press % 2 == 0 { pauses.append(sent) } else { resumes.append(sent) }
            pause(gap)
        }
        for _ in 0..<3 {
            let sent = wallNow()
            guard connection.request(#"{"cmd":"stop"}"#)?.contains("\"ok\":true") == true else { throw BenchError("stop failed") }
            stops.append(sent)
            pause(gap)
            _ = connection.request(#"{"cmd":"start","routine":"bench-hold"}"#)
            pause(1.5)
        }
        let renderAhead = sink.renderAhead(home: home)
        pause(0.3)
        let recording = recorder.stop()
        let onsets = CueTiming.detections(in: recording, wallOffset: offset).map { $0 + (renderAhead ?? 0) }.sorted()
        var result = ControlLatency()
        func latencies(_ sent: [Double]) -> [Double] {
            sent.compactMap { instant in
                guard let onset = onsets.first(where: { $0 > instant - 0.002 && $0 < instant + gap / 2 }) else {
                    result.missed += 1
                    return nil
                }
                return onset - instant
            }
        }
        result.pause = latencies(pauses)
        result.resume = latencies(resumes)
        result.stop = latencies(stops)
        return result
    }
}

extension Report {
    /// The stream on both servers, side by side.
    mutating func stream(_ results: [StreamResults]) {
        emit("""
            ## Output stream on PulseAudio and PipeWire

            Each server runs privately with a null sink: PulseAudio as in section 1; PipeWire with WirePlumber on a private \
            session bus, the sink made by `pw-cli create-node adapter '{ factory.name=support.null-audio-sink … }'`, reliefd \
            playing through ALSA's `pipewire` PCM (`--device pipewire`, the plugin loaded from the unpacked `pipewire-alsa` \
            package through `ALSA_CONFIG_PATH`, so PulseAudio stays installed) and the monitor recorded with `pw-record` \
            (480-frame node latency, a 256-frame quantum; unbuffered through `stdbuf -o0`, so each cycle's quantum arrives as it is \
            handed over). Per run: bench-cues at `--time-scale \(bench.timeScale)`; jitter = p99 of \\|error − median\\| \
            without the session's first cue; "first cue later" = its error minus the median of the rest; "start → first cue" = from launching `relief-ctl start` to \
            that cue's onset at the sink; `onset_unix` error = \
            reliefd's reported onset minus the recorded one, the first cue included; wakeups = reliefd's context switches \
            (all threads) per second over the session — twenty times denser than a real session (a sound every 0.3 s), so \
            the stream rests only in the longer gaps, on PulseAudio (PipeWire starts too slowly for resting, see section 3); the wakeups target is read at time scale 1 in section 3. Each start after a rest derives its frame↔time mapping afresh: that costs about 0.3 ms of jitter here (PulseAudio jitter p99 0.18–0.31 ms with resting turned off, 0.43–0.62 ms with it, same machine, 3 runs each, 2026-12-06). \
            Control: `toggle` (pause, resume) and `stop` on a socket → the first \
            onset at the sink after the request was sent.

            Reproduce: \(command("stream"))

            | server, run | cues found | jitter p99 | first cue later | start → first cue | \\|onset_unix error\\| max (first cue) | wakeups/s | sink vs CLOCK_MONOTONIC |
            |---|---|---|---|---|---|---|---|
            """)
        for result in results {
            for (index, run) in result.runs.enumerated() {
                switch run {
                case .failure(let error):
                    emit("| \(result.server.title) \(index + 1) | failed: \(error) | | | | | | |")
                case .success(let run):
                    let figures = StreamFigures(run)
                    emit("| \(result.server.title) \(index + 1) | \(run.match.found.count)/\(run.plan.count) | "
                         + "\(figures.jitter.map { ms($0, 3) } ?? "–") | \(figures.firstLater.map { ms($0, 2) } ?? "–") | "
                         + "\(run.firstCueLatency.map { ms($0, 1) } ?? "–") | "
                         + "\(figures.reportedMax.map { ms($0, 2) } ?? "–") (\(figures.reportedFirst.map { ms($0, 2) } ?? "–")) | "
                         + "\(run.wakeupsPerSecond.map { fixed($0, 0) } ?? "–") | \(run.sinkDrift.map { fixed($0, 0) + " ppm" } ?? "–") |")
                }
            }
        }
        emit("\n| server | pause → cue median / max | resume → cue median / max | stop → cue median / max | missed |\n|---|---|---|---|---|")
        for result in results {
            switch result.control {
            case .success(let c):
                func cell(_ values: [Double]) -> String { Summary(values).map { "\(ms($0.median, 1)) / \(ms($0.max, 1))" } ?? "–" }
                emit("| \(result.server.title) | \(cell(c.pause)) | \(cell(c.resume)) | \(cell(c.stop)) | \(c.missed) |")
                let worst = (c.pause + c.stop).max()
                rows.append(("`stop`/`pause` → cue at the sink, \(result.server.title)", "≤ 30 ms",
                             worst.map { "max \(ms($0, 1))" } ?? "–", worst.map { $0 <= 0.030 && c.missed == 0 }))
            case .failure(let error):
                emit("| \(result.server.title) | failed: \(error) | | | |")
            case nil:
                break
            }
            let runs = result.runs.compactMap { try? $0.get() }
            let figures = runs.map(StreamFigures.init)
            if let jitter = figures.compactMap(\.jitter).max() {
                rows.append(("cue jitter p99 (worst run), \(result.server.title)", "≤ 1 ms", ms(jitter, 3), jitter <= 0.001))
            }
            if let first = runs.compactMap(\.firstCueLatency).max() {
                rows.append(("`relief-ctl start` → first cue at the sink (worst run), \(result.server.title)", "≤ 30 ms", ms(first, 1), first <= 0.030))
            }
            if let firstLater = figures.compactMap(\.firstLater).max() {
                rows.append(("first cue later than the rest (worst run), \(result.server.title)", "≤ 1 ms", ms(firstLater, 2), firstLater <= 0.001))
            }
            if let reported = figures.compactMap(\.reportedMax).max() {
                rows.append(("\\|onset_unix − recorded onset\\| incl. first cue, \(result.server.title)", "≤ 1 ms", ms(reported, 2), reported <= 0.001))
            }
        }
        emit("")
    }
}

/// The per-run figures of the stream table.
struct StreamFigures {
    var jitter: Double?
    var firstLater: Double?
    var reportedMax: Double?
    var reportedFirst: Double?

    init(_ run: TimingRun) {
        let rest = run.match.errors.dropFirst().compactMap { $0 }
        if let median = Summary(rest)?.median {
            jitter = Summary(rest.map { abs($0 - median) })?.p99
            firstLater = (run.match.errors.first ?? nil).map { $0 - median }
        }
        let reported = zip(run.plan, run.match.onsets).map { cue, onset in cue.reportedUnix.flatMap { r in onset.map { r - $0 } } }
        reportedMax = reported.compactMap { $0.map(abs) }.max()
        reportedFirst = reported.first ?? nil
    }
}
