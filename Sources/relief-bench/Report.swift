import Glibc
import ReliefMeasure

/// BENCHMARKS.md, written section by section as the measurements finish (so a failure late
/// in the run keeps the earlier figures), with a summary against SPEC's targets at the end.
struct Report {
    let bench: Bench
    let onlySections: Set<String>
    var rows: [(what: String, target: String, measured: String, met: Bool?)] = []

    init(bench: Bench, onlySections: Set<String>) {
        self.bench = bench
        self.onlySections = onlySections
    }

    /// Writes one block and a newline straight to stdout (unbuffered: a late failure keeps it).
    func emit(_ text: String) { writeOut(text + "\n") }

    /// The command reproducing one section.
    func command(_ section: String) -> String {
        "`make bench-tool && .build/release/relief-bench --bin .build/lean --only \(section)` (or all of them: `make bench`)"
    }

    mutating func header() {
        emit("""
            # relief benchmarks

            Written by `make bench` (Sources/relief-bench); do not edit by hand, run it again.

            - Machine: \(Machine.description); 1-minute load average \(Machine.load) at the start \
            (the machine is shared, so figures include other work's interference).
            - Date: \(Machine.date).
            - Binaries: `make release` (the Makefile's flags; Package.swift has none): release builds with the static Swift \
            standard library (`--static-swift-stdlib`), relief-ctl linked fully static (`-Xswiftc -static-executable`, in its own \
            scratch path), both gathered in .build/lean.
            - Targets: SPEC.md "Targets"; a summary table against them is at the end.
            """)
        if !onlySections.isEmpty { emit("- Sections run: \(onlySections.sorted().joined(separator: ", ")).") }
        emit("")
    }

    /// A section's result, or nil after saying it was not measured (with a summary row for
    /// `target` when given: the figure it could not check).
    mutating func measured<T>(_ result: Result<T, Error>, target: (what: String, target: String)? = nil) -> T? {
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            emit("**Not measured:** \(error)\n")
            if let target { rows.append((target.what, target.target, "not measured: \(error)", false)) }
            return nil
        }
    }

    mutating func failed(_ section: String, _ error: Error) {
        emit("## \(section)\n\n**Not measured:** \(error)\n")
        rows.append((section, "see SPEC", "not measured: \(error)", false))
    }

    // MARK: 1. Cue timing

    mutating func timing(_ direct: TimingRun, baseline: Result<TimingRun, Error>) {
        let loop = try? baseline.get()
        emit("""
            ## 1. Cue timing at the sink

            reliefd (release) plays `scripts/bench-routines/bench-cues.toml` (\(direct.plan.count) cues of every kind) at \
            `--time-scale \(bench.timeScale)` through ALSA's `pulse` PCM (`--device pulse`) into a private PulseAudio null sink \
            that the bench starts; `parec --latency-msec=5` records the sink's monitor and the recording is anchored to the \
            wall clock (CLOCK_REALTIME of its first frame, from the monotonic arrival times of the recorder's reads). \
            Onsets found in the recording (first sample above ±16 after ≥ 5 ms of silence, minus the clip's own lead-in) are \
            matched with each cue's `planned_unix` from `relief-ctl --json follow`. The baseline plays the same plan the \
            way a user might script it: bash reads the gaps and for each cue runs `sleep GAP` then `aplay -q -D pulse CUE.wav &` \
            (background, so a clip's length does not delay the next), onto its own null sink, recorded and matched the \
            same way; its plan starts when bash is launched. Errors are recorded onset − planned instant, with the \
            recording's anchor corrected for the null sink's render-ahead (see "How exact" below; the raw row shows the \
            uncorrected figure).

            Reproduce: \(command("timing"))

            | figure | reliefd | shell loop | ratio (loop ÷ reliefd) |
            |---|---|---|---|
            """)
        let d = Summary(direct.match.found), l = loop.flatMap { Summary($0.match.found) }
        let dAbs = Summary(direct.match.found.map(abs)), lAbs = loop.flatMap { Summary($0.match.found.map(abs)) }
        let dInt = Summary(direct.match.intervalErrors(direct.plan).map(abs))
        let lInt = loop.flatMap { Summary($0.match.intervalErrors($0.plan).map(abs)) }
        func row(_ name: String, _ a: Double?, _ b: Double?, ratio: Bool = true) {
            let ratioText = ratio && a != nil && b != nil && abs(a!) > 1e-6 ? fixed(abs(b!) / abs(a!), 1) + "×" : "–"
            emit("| \(name) | \(a.map { ms($0, 3) } ?? "–") | \(b.map { ms($0, 3) } ?? "–") | \(ratioText) |")
        }
        emit("| cues planned / found / stray onsets | \(direct.plan.count) / \(direct.match.found.count) / \(direct.match.stray) | "
             + (loop.map { "\($0.plan.count) / \($0.match.found.count) / \($0.match.stray)" } ?? "–") + " | – |")
        row("onset error min", d?.min, l?.min, ratio: false)
        row("onset error median", d?.median, l?.median)
        row("onset error p99", d?.p99, l?.p99)
        row("onset error max", d?.max, l?.max)
        row("onset error median, uncorrected anchor", Summary(direct.rawErrors)?.median, loop.flatMap { Summary($0.rawErrors)?.median }, ratio: false)
        row("\\|onset error\\| p99", dAbs?.p99, lAbs?.p99)
        row("\\|interval error\\| median", dInt?.median, lInt?.median)
        row("\\|interval error\\| p99", dInt?.p99, lInt?.p99)
        row("\\|interval error\\| max", dInt?.max, lInt?.max)
        let dSteady = Summary(direct.match.intervalErrors(direct.plan, from: 2).map(abs))
        let lSteady = loop.flatMap { Summary($0.match.intervalErrors($0.plan, from: 2).map(abs)) }
        row("\\|interval error\\| max, leaving out first → second cue", dSteady?.max, lSteady?.max)
        row("first cue: launch of the start command → onset at the sink", direct.firstCueLatency, loop?.firstCueLatency)
        emit("")
        if case .failure(let error) = baseline { emit("The shell loop was not measured: \(error)\n") }
        if let planned = direct.firstCuePlanned {
            emit("reliefd plans the first cue \(ms(planned, 1)) after `relief-ctl start` is launched (process start, connect, "
                 + "routine compile and the audio stream's start-up lead), and it sounds \(direct.match.errors.first.flatMap { $0 }.map { ms($0, 3) } ?? "–") from that plan.")
        }
        let reported = zip(direct.plan, direct.match.onsets).compactMap { cue, onset in
            cue.reportedUnix.flatMap { reported in onset.map { reported - $0 } }
        }
        if let r = Summary(reported) {
            emit("reliefd's own `onset_unix` estimate minus the recorded onset: median \(ms(r.median, 3)), range \(ms(r.min, 3)) … \(ms(r.max, 3)).")
        }
        let ahead = direct.renderAhead.map { ms($0, 3) } ?? "unknown"
        emit("""

            How exact the absolute figures are: the recorder places frame 0 on the clock from the arrival times of \
            parec's reads (the earliest read minus the frames it completed). But module-null-sink renders audio up to its \
            configured latency ahead of the instant it reports as played — reliefd aims `planned_unix` at that reported \
            instant, through the `pulse` plugin's delay — and its monitor delivers audio as it is rendered. So the raw \
            anchor is early by up to that latency (\(ahead) here, from `pactl list sinks` mid-session: parec asks for 5 ms), \
            and every raw error with it; the figures above add it back. What remains uncertain is a constant of at \
            most the smallest delivery delay of a read (well under a millisecond) and where in a render block the \
            earliest read fell. reliefd's own `onset_unix` estimate agreeing with the corrected onsets is a cross-check. \
            Interval errors (the gap between two consecutive onsets minus the planned gap) do not depend on the anchor \
            at all and are the sharpest figure here.

            """)
        if let d {
            emit("Spread of reliefd's errors (p99 − min): \(ms(d.p99 - d.min, 3)). The recording's frames are placed on the clock with "
                 + "the sink's fitted rate (the lower envelope of the reads' arrival times, first third to last third): the null sink ran "
                 + "\(direct.sinkDrift.map { fixed($0, 1) } ?? "?") ppm against CLOCK_MONOTONIC in reliefd's run"
                 + (loop?.sinkDrift.map { " and \(fixed($0, 1)) ppm in the shell loop's" } ?? "") + ".\n")
        }
        if let first = direct.match.errors.first ?? nil, let d, first - d.median > 0.002 {
            emit("Note: the first cue sounds \(ms(first - d.median, 1)) later than the rest relative to their plan (it is the "
                 + "onset max and the interval max above, and part of the first-cue latency). The stream has just started then, "
                 + "and its frame clock rests on the device's first delay reading until later readings correct it — likely too "
                 + "early a reading through the pulse plugin; from the second cue on, cues keep the plan to \(dSteadyText(direct)).\n")
        }
        if let dAbs {
            rows.append(("cue onset error at the sink (\(direct.match.found.count) cues)", "p99 ≤ 1 ms", "p99 \(ms(dAbs.p99, 3)) (\\|error\\|)", dAbs.p99 <= 0.001))
        }
        if let dAbs, let lAbs {
            rows.append(("same, shell loop of sleep + aplay", "report the ratio", "p99 \(ms(lAbs.p99, 1)): \(fixed(lAbs.p99 / max(dAbs.p99, 1e-6), 0))× reliefd", nil))
        }
        if let first = direct.firstCueLatency {
            rows.append(("first cue after `relief-ctl start`", "≤ 30 ms at the sink", ms(first, 1), first <= 0.030))
        }
        if let dInt {
            rows.append(("interval error at --time-scale \(bench.timeScale) (issue 3)", "≤ 1 ms",
                         "max \(ms(dInt.max, 3)); without the first interval \(dSteady.map { ms($0.max, 3) } ?? "–")", dInt.max <= 0.001))
        }
        if direct.match.missed > 0 {
            emit("**\(direct.match.missed) planned cues were not found in reliefd's recording** (nothing sounded within 250 ms of their plan).\n")
        }
    }

    /// The steady-state interval error of a run, as text.
    private func dSteadyText(_ run: TimingRun) -> String {
        Summary(run.match.intervalErrors(run.plan, from: 2).map(abs)).map { "\(ms($0.max, 3)) between consecutive cues (max)" } ?? "–"
    }

    // MARK: 4. Under load

    mutating func load(_ result: Result<TimingRun, Error>, unloaded: TimingRun) {
        emit("## 4. Under load\n")
        emit("The cue timing run again, with 200 extra subscribers (each connected, subscribed and drained by one polling "
             + "thread) and a loop sending `status` at 1000 requests/s on one more connection (absolute schedule, one request "
             + "in flight) from 1 s before `start` until the session ends.\n\nReproduce: \(command("load"))\n")
        switch result {
        case .failure(let error):
            emit("**Not measured:** \(error)\n")
            rows.append(("under load", "onset p99 unchanged", "not measured", false))
        case .success(let run):
            let loaded = Summary(run.match.found.map(abs)), quiet = Summary(unloaded.match.found.map(abs))
            let interval = Summary(run.match.intervalErrors(run.plan).map(abs))
            emit("""
                | figure | no load | under load |
                |---|---|---|
                | cues found / planned | \(unloaded.match.found.count) / \(unloaded.plan.count) | \(run.match.found.count) / \(run.plan.count) |
                | \\|onset error\\| median | \(quiet.map { ms($0.median, 3) } ?? "–") | \(loaded.map { ms($0.median, 3) } ?? "–") |
                | \\|onset error\\| p99 | \(quiet.map { ms($0.p99, 3) } ?? "–") | \(loaded.map { ms($0.p99, 3) } ?? "–") |
                | \\|onset error\\| max | \(quiet.map { ms($0.max, 3) } ?? "–") | \(loaded.map { ms($0.max, 3) } ?? "–") |
                | \\|interval error\\| max | \(Summary(unloaded.match.intervalErrors(unloaded.plan).map(abs)).map { ms($0.max, 3) } ?? "–") | \(interval.map { ms($0.max, 3) } ?? "–") |
                | requests answered per second | – | \(run.loadRate.map { fixed($0, 0) } ?? "–") (\(run.loadFailures) without a good reply) |
                | subscribers (dropped by reliefd) | – | \(run.subscribers) (\(run.subscribersDropped)) |

                """)
            if let loaded, let quiet {
                // "Unchanged": within the 1 ms target and within 0.5 ms of the quiet run.
                let unchanged = loaded.p99 <= max(0.001, quiet.p99 + 0.0005)
                rows.append(("under load: 200 subscribers + \(run.loadRate.map { fixed($0, 0) } ?? "?") req/s", "onset p99 unchanged",
                             "p99 \(ms(loaded.p99, 3)) vs \(ms(quiet.p99, 3))", unchanged))
                if let rate = run.loadRate, rate < 950 {
                    emit("Note: the request loop reached \(fixed(rate, 0)) requests/s, not 1000: one request in flight at a time, so the rate is bounded by the round trip on this loaded 2-CPU machine.\n")
                }
            }
        }
    }

    // MARK: 2. Control

    mutating func control(_ result: Result<ControlResults, Error>) {
        emit("## 2. Control\n")
        emit("`relief-ctl status` is timed as a whole process (spawn → exit, what a status-bar script waits for), 60 runs after 5 "
             + "warm-up runs, against an idle reliefd, side by side with `mpc status` against an mpd the bench starts with a null "
             + "audio output on a private Unix socket: both daemons run and the two commands alternate, so load on the machine "
             + "weighs on both alike. Requests/s: synchronous `ping` round trips on one connection for 2 s. Launch → READY: "
             + "20 launches of reliefd with `NOTIFY_SOCKET` set to a datagram socket the bench bound itself.\n\nReproduce: \(command("control"))\n")
        guard let c = measured(result) else { return }
        let ctl = Summary(c.reliefCtlStatus), mpc = Summary(c.mpcStatus)
        emit("| figure | reliefd / relief-ctl | mpd / mpc | ratio |\n|---|---|---|---|")
        func line(_ name: String, _ a: Summary?, _ b: Summary?, _ pick: (Summary) -> Double) {
            let ratio = a != nil && b != nil ? fixed(pick(a!) / pick(b!), 2) + "×" : "–"
            emit("| \(name) | \(a.map { ms(pick($0), 3) } ?? "–") | \(b.map { ms(pick($0), 3) } ?? "–") | \(ratio) |")
        }
        line("`status`, whole process, median of \(c.reliefCtlStatus.count)", ctl, mpc) { $0.median }
        line("`status`, whole process, min", ctl, mpc) { $0.min }
        line("`status`, whole process, p99", ctl, mpc) { $0.p99 }
        line("`/bin/true`, whole process, median (spawn floor)", Summary(c.spawnFloor), nil) { $0.median }
        let ready = c.ready.compactMap { $0 }
        let readySummary = Summary(ready), pingSummary = Summary(c.firstPing), mpdReady = Summary(c.mpdReady)
        line("launch → READY=1, median", readySummary, nil) { $0.median }
        line("launch → first answered request (mpd: greeting), median", pingSummary, mpdReady) { $0.median }
        emit("| requests/s, one connection, synchronous ping | \(fixed(c.pingsPerSecond, 0)) | – | – |\n")
        if let problem = c.mpdProblem { emit("mpd was not measured: \(problem)\n") }
        if let ctl {
            let noSlower = mpc.map { ctl.median <= $0.median } ?? true
            rows.append(("`relief-ctl status`, whole process", "median ≤ 2 ms, no slower than `mpc status`",
                         "median \(ms(ctl.median, 3))" + (mpc.map { " vs mpc \(ms($0.median, 3))" } ?? ""), ctl.median <= 0.002 && noSlower))
            if ctl.median > 0.002 || !noSlower {
                let size = fileSize(bench.reliefCtl).map { fixed(Double($0) / 1_048_576, 1) + " MiB" } ?? "?"
                emit("Note: the target is missed here. The request itself is a small part (one round trip takes "
                     + "\(c.pingsPerSecond > 0 ? ms(1 / c.pingsPerSecond, 3) : "?") on an open connection, see requests/s); the rest is "
                     + "process start-up. relief-ctl is a \(size) fully static executable (no dynamic loader; Swift runtime, "
                     + "FoundationEssentials, ArgumentParser), mpc a small C program linked against libmpdclient; the spawn floor row "
                     + "is the least any command costs here. Profiles taken by hand (`callgrind`, `perf stat` over 100 runs of "
                     + "the release client, 2026-12-06): the Swift runtime's protocol-conformance scans (seven, two thirds "
                     + "of the client's 1.73 M instructions) are gone: 0.54 M instructions now (see RELEASE_FLAGS in the Makefile). "
                     + "What is left is mostly the kernel mapping the 28 MB binary in: 172 page faults against 74 for mpc "
                     + "and 49 for /bin/true, about 0.3 ms of CPU, and the daemon's answer on a fresh connection "
                     + "(about 0.13 ms for `status`, 0.07 ms on an open one). The next step would be a client binary without "
                     + "ArgumentParser and FoundationEssentials for the common commands (fewer pages to touch).\n")
            }
        }
        if let readySummary {
            rows.append(("daemon start to READY", "≤ 50 ms", "median \(ms(readySummary.median, 1)) (READY=1)", readySummary.median <= 0.050))
        } else if let pingSummary {
            emit("reliefd on this branch sent no READY=1 within 1 s of answering (it is being wired separately), so the start-up "
                 + "figure is launch → first answered `ping`, SPEC's \"launch → first reply\"; the bench already listens for READY=1 "
                 + "and reports it once the daemon sends it.\n")
            rows.append(("daemon start to READY", "≤ 50 ms", "median \(ms(pingSummary.median, 1)) (launch → first reply; no READY=1 sent yet)",
                         pingSummary.median <= 0.050))
        }
    }

    // MARK: 3. Footprint

    mutating func footprint(_ result: Result<FootprintResults, Error>) {
        emit("## 3. Footprint\n")
        emit("Resident memory (VmRSS) at the end of a window and wakeups per second = voluntary + involuntary context "
             + "switches summed over all threads (/proc/PID/task/*/status) over the window. reliefd idle: a \(fixed(Footprint.window, 0)) s "
             + "window from 2 s after it answered its first ping; in a session: the built-in `\(Footprint.sessionRoutine)` at time scale 1 "
             + "(its cues and silent phases; tones only, as every bench runs reliefd with `--voice off`), through the `pulse` PCM into "
             + "a null sink, watched for its first \(fixed(Footprint.sessionWindow, 0)) s from 1 s after `start`: once with the sink "
             + "idle otherwise, once with a recorder (`parec`, 5 ms) keeping it running. The stream stops its device between sounds "
             + "and starts it again 60 ms ahead of the next, but only on a device that starts within 12 ms "
             + "(`StreamSession.shouldRest`): a cue asked for now (pause, stop) is due 20 ms after the request. A running null sink "
             + "starts a stream in a few ms; an otherwise idle one takes about 2 s (it renders 2 s blocks), so there the stream "
             + "keeps playing silence, as a device that resumes slowly would need. "
             + "mpd: the bench's own mpd with a null output, idle, \(fixed(Footprint.window, 0)) s.\n\nReproduce: \(command("footprint"))\n")
        guard let f = measured(result) else { return }
        func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }
        emit("| process | RSS | of which anonymous / file-backed | wakeups/s | threads (ended in the window) |\n|---|---|---|---|---|")
        func usageRow(_ name: String, _ u: Usage?) {
            guard let u else { return }
            emit("| \(name) | \(mib(u.residentBytes)) | \(mib(u.anonymousBytes)) / \(mib(u.fileBytes)) | \(fixed(u.wakeupsPerSecond, 1)) | \(u.threads) (\(u.threadsEnded)) |")
        }
        usageRow("reliefd, idle", f.idle)
        usageRow("reliefd, in a session, sink otherwise idle", f.session)
        usageRow("reliefd, in a session, sink kept running", f.sessionRunningSink)
        usageRow("mpd, idle", f.mpdIdle)
        emit("")
        if let problem = f.mpdProblem { emit("mpd was not measured: \(problem)\n") }
        emit("| binary (release, static Swift stdlib) | size | stripped (`strip`) |\n|---|---|---|")
        for binary in f.binaries { emit("| \(binary.name) | \(mib(binary.bytes)) | \(binary.stripped.map(mib) ?? "–") |") }
        emit("")
        for (usage, sink) in [(f.session, "sink otherwise idle"), (f.sessionRunningSink, "sink kept running")] {
            guard let usage else { continue }
            rows.append(("reliefd wakeups/s during a session (\(Footprint.sessionRoutine), time scale 1, \(fixed(Footprint.sessionWindow, 0)) s), PulseAudio, \(sink)",
                         "≤ 50", fixed(usage.wakeupsPerSecond, 1), usage.wakeupsPerSecond <= 50))
        }
        if let reliefd = f.binaries.first(where: { $0.name == "reliefd" }), let stripped = reliefd.stripped {
            rows.append(("reliefd release, stripped", "≤ 30 MiB", mib(stripped), stripped <= 30 << 20))
        }
        if let own = f.idleBinaryBytes, let libraries = f.idleLibraryBytes, let idle = f.idle {
            emit("Of reliefd's idle RSS, \(mib(own)) are pages of its own binary (runtime metadata, code and data touched at start-up), "
                 + "\(mib(libraries)) pages of shared libraries (libc, libstdc++, libsystemd, libpulse and what it loads, alsa-lib, "
                 + "toml++); \(mib(idle.anonymousBytes)) in all is anonymous memory (heap, stacks, and the relocated data counted in both).\n")
        }
        if let idle = f.idle {
            let met = idle.wakeupsPerSecond < 0.05 && idle.residentBytes <= 12 << 20
            rows.append(("daemon idle", "0 wakeups/s, RSS ≤ 12 MB", "\(fixed(idle.wakeupsPerSecond, 1)) wakeups/s, \(mib(idle.residentBytes))", met))
            if !met {
                emit("Note: the idle target is missed: " + (idle.wakeupsPerSecond >= 0.05 ? "some thread wakes \(fixed(idle.wakeupsPerSecond, 1)) times a second while nothing runs. " : "")
                     + (idle.residentBytes > 12 << 20 ? "RSS is \(mib(idle.residentBytes)), above 12 MB; \(mib(idle.fileBytes)) of it are pages "
                        + "of the \(f.binaries.first.map { mib($0.bytes) } ?? "?") static binary (code and data of the Swift runtime, "
                        + "FoundationEssentials, ArgumentParser and the embedded cue WAVs and routines) and of its shared libraries, shared with the page cache, and \(mib(idle.anonymousBytes)) "
                        + "is the daemon's own memory. " : "") + "\n")
            }
        }
    }

    // MARK: 5. Robustness

    mutating func robustness(fuzz: [Result<FuzzResult, Error>], libFuzzer: LibFuzzerResult,
                             descriptors: Result<DescriptorEpisodeResult, Error>, soak: Result<SoakResults, Error>) {
        emit("## 5. Robustness\n")
        emit("**Malformed inputs.** A seeded generator (ReliefMeasure `MalformedInputs`, seed 20251121) damages valid request lines, "
             + "routine files and reliefd.toml files (bit flips, cuts, repeats, spliced JSON/TOML fragments, wrong types, huge and non-finite numbers, deep "
             + "nesting, dotted keys of up to 40 000 parts, invalid UTF-8, NULs, long runs); each parser decodes every input in a child process, so a crash shows as the "
             + "child's death. A 1000-input slice of each runs in `swift test` (Tests/ReliefCoreTests/MalformedInputTests.swift).\n\n"
             + "Reproduce: \(command("robustness"))\n")
        emit("| parser | inputs | refused with an error | crashes | seconds |\n|---|---|---|---|---|")
        var crashes = 0
        for entry in fuzz {
            switch entry {
            case .success(let r):
                let crashed = r.status != 0
                if crashed { crashes += 1 }
                let name = switch r.kind {
                case .request: "request decoder (`Wire.request`)"
                case .routine: "routine loader (`RoutineFile.parse`)"
                case .config: "reliefd.toml front door (`TOMLInput.parse`)"
                }
                emit("| \(name) | \(crashed ? "\(r.reached)+ of \(r.inputs)" : "\(r.inputs)") | \(r.rejected) | \(crashed ? "**1 (exit \(r.status))**" : "0") | \(fixed(r.seconds, 1)) |")
            case .failure(let error):
                emit("| – | not run: \(error) | | | |")
            }
        }
        emit("")
        emit("**libFuzzer.** `-sanitize=fuzzer` works with this toolchain for plain `swiftc` builds, not through SwiftPM (it would "
             + "instrument and relink every executable, whose `main` clashes with libFuzzer's). So the request decoder, which depends "
             + "on nothing but ReliefSystem (Glibc only, built first as a static library), is compiled with its sources and scripts/fuzz/request-decoder.swift as one "
             + "instrumented binary; the routine loader needs toml++ (C++) and is covered by the generator only.\n")
        if let problem = libFuzzer.problem {
            emit("libFuzzer was not run: \(problem)\n")
        } else {
            let crashed = !libFuzzer.crashFiles.isEmpty || libFuzzer.status != 0
            if crashed { crashes += 1 }
            emit("| target | runs | seconds | crashes |\n|---|---|---|---|")
            emit("| request decoder | \(libFuzzer.runs) | \(fixed(libFuzzer.seconds, 0)) | \(crashed ? "**\(libFuzzer.crashFiles.joined(separator: ", ")) (exit \(libFuzzer.status))**" : "0") |\n")
        }
        rows.append(("parsers under malformed input", "0 crashes", "\(crashes) crashes", crashes == 0))
        emit("**Out of descriptors.** reliefd runs under a real `ulimit -n`; more clients connect than it has descriptors, "
             + "then all leave. It must answer the next client at once and log the episode once (it used to stay deaf for good: "
             + "libdispatch opened the retry timer's descriptor lazily, which failed at EMFILE).\n")
        switch descriptors {
        case .success(let d):
            let ok = d.recovery != nil && d.answered == d.sent && d.logged == 1
            emit("| limit | clients | first answer after they left | pings answered after | episode log lines |\n|---|---|---|---|---|")
            emit("| \(d.limit) | \(d.crowd) | \(d.recovery.map { "\(fixed($0 * 1000, 1)) ms" } ?? "**none in 10 s**") | \(d.answered)/\(d.sent) | \(d.logged) |\n")
            rows.append(("answers after running out of descriptors", "at once, logged once",
                         d.recovery.map { "\(fixed($0 * 1000, 1)) ms, \(d.logged) log line(s)" } ?? "deaf", ok))
        case .failure(let error):
            emit("Not run: \(error)\n")
        }
        emit("Building this bench, the generator found three shapes of routine file that made toml++ (then TOMLKit's bundled copy) abort the "
             + "process (failed assertions: a table header with no name after `[`, e.g. `[\\r\\n`; a date whose `T` is not followed "
             + "by a digit; a `}` directly inside an array) — enough to kill `reliefd check` or reliefd loading a user routine; "
             + "a dotted key of 40 000 parts overflowed the stack in toml++'s recursion. Every TOML file — routines, "
             + "reliefd.toml, `reliefd check` — now passes one front door (Sources/ReliefCore/Loading/TOMLInput.swift). "
             + "ReliefCore now refuses them with a located problem before parsing (Sources/ReliefCore/Loading/TOMLParserGuard.swift), "
             + "and the figures above are with that guard; each shape has a unit test.\n")

        emit("**Soak.** reliefd (`--time-scale 0.02`, `pulse` PCM into a null sink) runs `posture-break` sessions back to back "
             + "for \(Int(bench.soakSeconds)) s while 4 client threads storm the socket (status, ping, list, history, show, skip, back, extend, "
             + "subscribers that leave, malformed lines, > 64 KiB lines, requests cut off by a hang-up); every 12 s of the first two thirds reliefd is "
             + "killed with SIGKILL and restarted on the same state directory; the last third runs one daemon on under the storm. At the end it is stopped with SIGTERM and started once "
             + "more (marking the last killed session interrupted), and history.jsonl is checked.\n")
        switch soak {
        case .failure(let error):
            emit("**Soak not run:** \(error)\n")
            rows.append(("soak", "0 crashes, 0 lost records", "not run", false))
        case .success(let s):
            func mib(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 1) + " MiB" }
            emit("""
                | figure | value |
                |---|---|
                | duration | \(fixed(s.seconds, 0)) s |
                | reliefd launches / SIGKILLs | \(s.launches) / \(s.kills) |
                | crashes (exits the bench did not cause) | \(s.crashes.count) |
                | storm connections / requests | \(s.stormConnections) / \(s.stormRequests) |
                | sessions started (acknowledged) | \(s.sessionsStarted) |
                | history: start records / end records | \(s.startRecords) / \(s.endRecords) |
                | history: outcomes | \(s.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) |
                | history: lost records (acknowledged starts without a start record) | \(s.lost) |
                | history: sessions left without an end record | \(s.unclosed) |
                | history: torn lines | \(s.tornLines) |
                | RSS 1 s after start (largest) / peak | \(mib(s.firstRSS)) / \(mib(s.peakRSS)) |
                | largest RSS growth of one daemon over its life | \(mib(s.worstGrowth)) |
                | RSS of the longest-lived daemon (\(fixed(s.longestLife, 0)) s): 1 s after start → end | \(mib(s.longestLifeRSS.first)) → \(mib(s.longestLifeRSS.last)) |

                """)
            for crash in s.crashes { emit("- crash: \(crash)") }
            rows.append(("soak: crashes, lost history records", "0, 0", "\(s.crashes.count), \(s.lost) (\(s.unclosed) unclosed)",
                         s.crashes.isEmpty && s.lost == 0 && s.unclosed == 0))
        }
    }

    // MARK: Summary

    func summary() {
        emit("## Summary against SPEC targets\n\n| what | target | measured | met |\n|---|---|---|---|")
        for row in rows {
            emit("| \(row.what) | \(row.target) | \(row.measured) | \(row.met.map { $0 ? "yes" : "**no**" } ?? "–") |")
        }
        emit("")
    }
}

/// Writes `text` to standard output without buffering.
func writeOut(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = write(1, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}
