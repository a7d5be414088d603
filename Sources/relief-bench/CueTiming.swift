import Glibc
import ReliefMeasure
import ReliefProtocol

/// What one timed playback of the bench routine gave.
struct TimingRun {
    /// The plan (from reliefd's events, or the shell script's schedule).
    var plan: [PlannedCue]
    var match: OnsetMatch
    /// Seconds from launching the start command to the first cue's recorded onset.
    var firstCueLatency: Double?
    /// Seconds from launching the start command to the first cue's planned instant.
    var firstCuePlanned: Double?
    /// Requests per second achieved by the load generator, when there was one.
    var loadRate: Double?
    /// Subscribers connected during the run, and how many the daemon dropped.
    var subscribers = 0
    var subscribersDropped = 0
    /// Requests of the load generator that got no reply.
    var loadFailures = 0
    /// How far ahead of its nominal play time the null sink renders (its configured latency,
    /// `pactl list sinks` mid-session), seconds; the recording is corrected by it.
    var renderAhead: Double?
    /// Onset errors with the uncorrected anchor (before adding `renderAhead`).
    var rawErrors: [Double] = []
    /// The null sink's clock against CLOCK_MONOTONIC over the recording, parts per million.
    var sinkDrift: Double?
    /// reliefd's context switches (all threads) per second from `start` to the session's end.
    var wakeupsPerSecond: Double?
}

/// Extra traffic during a session: subscribers that keep reading, and a paced request loop.
struct Load {
    var subscribers: Int
    var requestsPerSecond: Double
}

enum CueTiming {
    /// Plays the bench routine through a real reliefd onto a private null sink (PulseAudio
    /// through ALSA's `pulse` PCM, or PipeWire through its `pipewire` PCM) and finds each cue
    /// in the recording of the sink's monitor.
    static func reliefd(bench: Bench, load: Load? = nil, server: SoundServer = .pulse, name: String? = nil) throws -> TimingRun {
        let home = bench.directory(name ?? (load == nil ? "timing" : "timing-load"))
        let sink = try BenchSink(server, bench: bench, home: home)
        defer { sink.stop() }
        let recorder = try sink.record()
        guard recorder.waitForData(timeout: 5) else { throw BenchError("the recorder delivered no data from the \(server.title) null sink within 5 s") }
        let environment = bench.environment(home: home, extra: sink.daemonEnvironment)
        let daemon = try DaemonUnderTest(bench: bench, home: home, arguments: ["--device", sink.device, "--time-scale", String(bench.timeScale)],
                                         environment: environment)
        defer { daemon.stop() }
        guard daemon.waitUntilServing() != nil else { throw BenchError("reliefd did not answer ping within 10 s: \(readText("\(home)/reliefd.log") ?? "")") }

        let followLog = "\(home)/follow.jsonl"
        let follow = try ChildProcess([bench.reliefCtl, "--socket", daemon.socketPath, "--json", "follow", "--until-end"],
                                      environment: environment, output: .file(followLog))
        defer { follow.stop(within: 1) }
        guard waitFor(timeout: 5, { (readText(followLog) ?? "").contains("\n") }) else { throw BenchError("relief-ctl follow did not subscribe within 5 s") }

        // Load: subscribers first (they each get every event), then the request loop.
        var subscriberConnections: [LineConnection] = []
        var drain: Drain?
        var loadLoop: RequestLoop?
        if let load {
            for _ in 0..<load.subscribers {
                guard let connection = LineConnection(path: daemon.socketPath), connection.request(#"{"cmd":"subscribe"}"#) != nil else {
                    throw BenchError("subscriber \(subscriberConnections.count + 1) could not subscribe")
                }
                subscriberConnections.append(connection)
            }
            drain = Drain(descriptors: subscriberConnections.map(\.fd))
            drain?.start()
            loadLoop = try RequestLoop(path: daemon.socketPath, perSecond: load.requestsPerSecond)
            loadLoop?.start()
            pause(1)  // let the load settle before the session begins
        }

        let offset = wallMinusMonotonic()
        let countersBefore = ProcessCounters(pid: daemon.pid)
        let launchWall = wallNow()
        let started = try TimedRun.run([bench.reliefCtl, "--socket", daemon.socketPath, "start", "bench-cues"], environment: environment)
        guard started.status == 0 else { throw BenchError("relief-ctl start bench-cues exited \(started.status): \(readText("\(home)/reliefd.log") ?? "")") }
        // Mid-session, ask PulseAudio how far ahead of its nominal play time the null sink
        // renders (its monitor shows data when rendered): the recorder's reference point.
        pause(2)
        let renderAhead = sink.renderAhead(home: home)
        let expected = 684 * bench.timeScale + 15
        guard follow.waitForExit(timeout: expected) else { throw BenchError("the session did not end within \(Int(expected)) s") }
        let sessionSeconds = wallNow() - launchWall
        let countersAfter = ProcessCounters(pid: daemon.pid)
        pause(0.3)  // the sink's monitor delivers the last block
        let recording = recorder.stop()

        var run = TimingRun(plan: [], match: OnsetMatch(plan: [], detections: [], clips: try CueClips(directory: bench.soundDirectory)))
        if let loadLoop {
            let result = loadLoop.stop()
            run.loadRate = result.rate
            run.loadFailures = result.failures
        }
        if let drain {
            drain.stop()
            run.subscribers = subscriberConnections.count
            run.subscribersDropped = drain.totals.closed
        }
        run.renderAhead = renderAhead
        if let countersBefore, let countersAfter {
            run.wakeupsPerSecond = Double(countersAfter.switches(since: countersBefore).switches) / sessionSeconds
        }
        run.plan = try plan(fromFollowLog: followLog)
        let clips = try CueClips(directory: bench.soundDirectory)
        let found = detections(in: recording, wallOffset: offset)
        run.sinkDrift = SinkClock(recording).driftPPM
        run.rawErrors = OnsetMatch(plan: run.plan, detections: found, clips: clips).found
        run.match = OnsetMatch(plan: run.plan, detections: found.map { $0 + (renderAhead ?? 0) }, clips: clips)
        writeOnsets(run, to: "\(home)/onsets.tsv")
        if let first = run.match.onsets.first ?? nil { run.firstCueLatency = first - launchWall }
        if let first = run.plan.first { run.firstCuePlanned = first.plannedUnix - launchWall }
        return run
    }

    /// The same plan played as a user would script it: bash sleeps the planned gaps and
    /// starts `aplay -D pulse` of the cue's WAV in the background (so a clip's length does
    /// not delay the next), recorded and matched the same way.
    static func shellLoop(bench: Bench, plan reliefdPlan: [PlannedCue]) throws -> TimingRun {
        guard let first = reliefdPlan.first else { throw BenchError("no plan to replay") }
        let home = bench.directory("shell-loop")
        let clips = try CueClips(directory: bench.soundDirectory)
        var script = "#!/bin/bash\n# The bench plan as a user would script it: sleep the gap, play the cue.\nwhile read -r gap file; do\n  sleep \"$gap\"\n  aplay -q -D pulse \"$file\" &\ndone <<'PLAN'\n"
        var previous = first.plannedUnix
        for cue in reliefdPlan {
            guard let clip = clips.clips[cue.cue] else { throw BenchError("no WAV for cue \(cue.cue)") }
            script += "\(fixed(cue.plannedUnix - previous, 6)) \(clip.path)\n"
            previous = cue.plannedUnix
        }
        script += "PLAN\nwait\n"
        writeText("\(home)/cues.sh", script, mode: 0o755)

        let sink = try PulseNullSink()
        defer { sink.stop() }
        let recorder = try sink.record()
        guard recorder.waitForData(timeout: 5) else { throw BenchError("parec delivered no data from the null sink within 5 s") }
        let environment = bench.environment(home: home, extra: ["PULSE_SERVER": sink.server])
        let offset = wallMinusMonotonic()
        let launchWall = wallNow()
        let duration = reliefdPlan.last!.plannedUnix - first.plannedUnix
        let loop = try ChildProcess(["/bin/bash", "\(home)/cues.sh"], environment: environment, errorLog: "\(home)/cues.log")
        defer { loop.stop(within: 1) }
        pause(2)
        let renderAhead = self.renderAhead(sink: sink, home: home)
        guard loop.waitForExit(timeout: duration * 2 + 30) else { throw BenchError("the shell loop did not finish within \(Int(duration * 2 + 30)) s") }
        guard loop.ending == "exit 0" else { throw BenchError("the shell loop ended with \(loop.ending ?? "?"): \(lastLines("\(home)/cues.log"))") }
        pause(0.3)
        let recording = recorder.stop()
        // The script's plan: the same gaps, starting when bash was launched.
        let plan = reliefdPlan.map { PlannedCue(cue: $0.cue, plannedUnix: launchWall + ($0.plannedUnix - first.plannedUnix)) }
        let found = detections(in: recording, wallOffset: offset)
        var run = TimingRun(plan: plan, match: OnsetMatch(plan: plan, detections: found.map { $0 + (renderAhead ?? 0) }, clips: clips))
        run.renderAhead = renderAhead
        run.sinkDrift = SinkClock(recording).driftPPM
        run.rawErrors = OnsetMatch(plan: plan, detections: found, clips: clips).found
        writeOnsets(run, to: "\(home)/onsets.tsv")
        if let first = run.match.onsets.first ?? nil { run.firstCueLatency = first - launchWall }
        run.firstCuePlanned = 0
        return run
    }

    /// The null sink's configured latency from `pactl list sinks` ("Latency: 77 usec,
    /// configured 5000 usec"), seconds; nil if unknown. module-null-sink renders up to that
    /// much ahead of the time it reports as played, and its monitor delivers audio as it is
    /// rendered, so the recorder's anchor is early by about this much.
    static func renderAhead(sink: PulseNullSink, home: String) -> Double? {
        let output = "\(home)/pactl-sinks.txt"
        guard (try? TimedRun.run(["pactl", "-s", sink.server, "list", "sinks"], environment: sink.environment(), output: output))?.status == 0 else { return nil }
        for line in (readText(output) ?? "").split(separator: "\n") where String(line).trimmingSpaces.hasPrefix("Latency:") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
            if let index = words.firstIndex(of: "configured"), index + 1 < words.count, let usec = Double(words[index + 1]) { return usec / 1e6 }
        }
        return nil
    }

    /// Per cue: index, cue, planned (s after the first), error, reliefd's estimate minus the
    /// onset (ms) — for `--keep` runs that look into a figure.
    static func writeOnsets(_ run: TimingRun, to path: String) {
        guard let first = run.plan.first?.plannedUnix else { return }
        var text = "index\tcue\tplanned_s\terror_ms\treported_minus_onset_ms\n"
        for (index, cue) in run.plan.enumerated() {
            let error = run.match.errors[index].map { fixed($0 * 1000, 3) } ?? "-"
            let reported = cue.reportedUnix.flatMap { r in run.match.onsets[index].map { fixed((r - $0) * 1000, 3) } } ?? "-"
            text += "\(index)\t\(cue.cue)\t\(fixed(cue.plannedUnix - first, 4))\t\(error)\t\(reported)\n"
        }
        writeText(path, text)
    }

    /// Wall-clock instants of every onset in the recording, placed on the clock by the
    /// recording's reads, each by the tightest read just after it (see `SinkClock`).
    static func detections(in recording: Recording, wallOffset: Double) -> [Double] {
        let clock = SinkClock(recording)
        return OnsetDetector.onsets(in: recording.samples, channels: recording.channels, minimumSilence: CueClips.minimumSilence)
            .map { clock.time(ofFrame: $0) + wallOffset }
    }

    /// The cue events of a `relief-ctl --json follow` log, in order.
    static func plan(fromFollowLog path: String) throws -> [PlannedCue] {
        let lines = (readText(path) ?? "").split(separator: "\n")
        var plan: [PlannedCue] = []
        for line in lines {
            guard let value = try? JSONValue.parse(String(line)), value["event"]?.string == "cue",
                  let cue = value["cue"]?.string, let planned = value["planned_unix"]?.double else { continue }
            plan.append(PlannedCue(cue: cue, plannedUnix: planned, reportedUnix: value["onset_unix"]?.double))
        }
        guard plan.count >= 100 else { throw BenchError("follow reported \(plan.count) cues, fewer than the 100 the bench needs (see \(path))") }
        return plan
    }
}

/// Polls `condition` every 5 ms up to `timeout` seconds.
func waitFor(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = monotonicNow() + timeout
    while !condition() {
        if monotonicNow() >= deadline { return false }
        usleep(5_000)
    }
    return true
}
