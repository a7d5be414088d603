// relief-bench: the measurements behind BENCHMARKS.md (`make bench`). Prints the report as
// Markdown on stdout, progress on stderr. Every process it starts is stopped by PID with a
// time bound, and its scratch directory is removed at the end.
import Glibc
import ReliefMeasure
import ReliefSystem

let arguments = Array(CommandLine.arguments.dropFirst())

// Child mode for the malformed-input run: a crash must kill only this child.
if arguments.first == "fuzz-input" {
    // One input of a run, to reproduce a crash: relief-bench fuzz-input KIND SEED INDEX > input
    guard arguments.count == 4, let kind = MalformedInputs.Kind(rawValue: arguments[1]),
          let seed = UInt64(arguments[2]), let wanted = Int(arguments[3]) else {
        writeToStandardError("usage: relief-bench fuzz-input request|routine|config SEED INDEX\n")
        exit(64)
    }
    var inputs = MalformedInputs(kind: kind, seed: seed)
    for _ in 0..<wanted { _ = inputs.next() }
    let bytes = inputs.next()
    bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
    exit(0)
}
if arguments.first == "fuzz" {
    guard arguments.count == 4, let kind = MalformedInputs.Kind(rawValue: arguments[1]),
          let seed = UInt64(arguments[2]), let count = Int(arguments[3]) else {
        writeToStandardError("usage: relief-bench fuzz request|routine|config SEED COUNT\n")
        exit(64)
    }
    Robustness.fuzzChild(kind: kind, seed: seed, count: count)
    exit(0)
}

let usage = """
    usage: relief-bench [--bin DIR] [--routines DIR] [--sounds DIR] [--package-root DIR]
                        [--time-scale F] [--soak SECONDS] [--fuzz-inputs N] [--libfuzzer SECONDS]
                        [--only timing|control|footprint|load|robustness|media|stream|build]… [--keep yes]
                        [--stream-runs N] [--stream-servers pulse,pipewire] [--pipewire-alsa DIR]
    Measures the release reliefd/relief-ctl in DIR (default .build/release) and prints
    BENCHMARKS.md on stdout. Needs pulseaudio, parec, aplay, mpd, mpc, dbus-daemon (make bench installs them).

    """
/// `--name value` pairs (`--only` may repeat); exits 64 on anything else.
func parseOptions(_ arguments: [String]) -> (options: [String: String], only: Set<String>) {
    let known: Set = ["bin", "routines", "sounds", "package-root", "time-scale", "soak", "fuzz-inputs", "libfuzzer", "keep", "stream-runs", "stream-servers", "pipewire-alsa"]
    var options: [String: String] = [:]
    var only: Set<String> = []
    var position = 0
    while position < arguments.count {
        let name = arguments[position]
        guard name.hasPrefix("--"), position + 1 < arguments.count else {
            writeToStandardError("relief-bench: unexpected \(name)\n" + usage)
            exit(64)
        }
        let key = String(name.dropFirst(2))
        if key == "only" {
            guard ["timing", "control", "footprint", "load", "robustness", "media", "stream", "build"].contains(arguments[position + 1]) else {
                writeToStandardError("relief-bench: --only \(arguments[position + 1]) is not a section\n" + usage)
                exit(64)
            }
            only.insert(arguments[position + 1])
        } else if known.contains(key) {
            options[key] = arguments[position + 1]
        } else {
            writeToStandardError("relief-bench: unknown option \(name)\n" + usage)
            exit(64)
        }
        position += 2
    }
    return (options, only)
}
let (options, only) = parseOptions(arguments)
// Absolute: paths under it are handed to reliefd (the ALSA plugin's in a config file), which
// runs in another directory.
let root = absolutePath(options["package-root"] ?? ".")
guard let scratch = makeTemporaryDirectory(prefix: "relief-bench") else {
    writeToStandardError("relief-bench: cannot create a temporary directory\n")
    exit(1)
}
let bench = Bench(
    binDirectory: options["bin"] ?? "\(root)/.build/release",
    routineDirectory: options["routines"] ?? "\(root)/scripts/bench-routines",
    soundDirectory: options["sounds"] ?? "\(root)/Sounds/wav",
    timeScale: Double(options["time-scale"] ?? "") ?? 0.05,
    soakSeconds: Double(options["soak"] ?? "") ?? 90,
    fuzzInputs: Int(options["fuzz-inputs"] ?? "") ?? 100_000,
    scratch: scratch,
    pipewireALSARoot: options["pipewire-alsa"] ?? "\(root)/.build/pipewire-alsa")
let libFuzzerSeconds = Int(options["libfuzzer"] ?? "") ?? 30
for tool in [bench.reliefd, bench.reliefCtl] where access(tool, X_OK) != 0 {
    writeToStandardError("relief-bench: \(tool) is missing: build it first (swift build -c release --static-swift-stdlib)\n")
    exit(1)
}
// SIGTERM/SIGINT: children are stopped by their owners' defers only on normal exit, so
// leave the scratch directory for inspection rather than half-removing it under them.
signal(SIGPIPE, SIG_IGN)


@MainActor func wanted(_ section: String) -> Bool { only.isEmpty || only.contains(section) }

var report = Report(bench: bench, onlySections: only)
report.header()

if wanted("timing") || wanted("load") {
    progress("cue timing: reliefd at --time-scale \(bench.timeScale) (about \(Int(684 * bench.timeScale)) s)")
    do {
        let direct = try CueTiming.reliefd(bench: bench)
        var baseline: Result<TimingRun, Error>?
        if wanted("timing") {
            progress("cue timing: the same plan as a shell loop of sleep + aplay")
            baseline = Result { try CueTiming.shellLoop(bench: bench, plan: direct.plan) }
            report.timing(direct, baseline: baseline!)
        }
        if wanted("load") {
            progress("under load: 200 subscribers + 1000 requests/s during the same session")
            report.load(Result { try CueTiming.reliefd(bench: bench, load: Load(subscribers: 200, requestsPerSecond: 1000)) }, unloaded: direct)
        }
    } catch {
        report.failed("Cue timing", error)
    }
}
if wanted("control") {
    progress("control: relief-ctl status vs mpc status, ping loop, launch to READY")
    report.control(Result { try ControlBench.run(bench: bench) })
}
if wanted("media") {
    progress("hands-free control: MPRIS PlayPause and socket toggle → cue at the sink")
    report.media(Result { try MediaLatency.run(bench: bench) })
}
if wanted("stream") {
    let runs = Int(options["stream-runs"] ?? "") ?? 2
    let servers = (options["stream-servers"] ?? "pulse,pipewire").split(separator: ",").compactMap { SoundServer(rawValue: String($0)) }
    report.stream(servers.map { StreamBench.run(bench: bench, server: $0, runs: runs) })
}
if wanted("footprint") {
    progress("footprint: 10 s idle, 10 s in a session, mpd idle")
    report.footprint(Result { try Footprint.run(bench: bench) })
}
if wanted("robustness") {
    progress("robustness: \(bench.fuzzInputs) malformed requests, routines and reliefd.toml files in child processes")
    let fuzz = MalformedInputs.Kind.allCases.map { kind in Result { try Robustness.fuzz(bench: bench, kind: kind, seed: 20_251_121) } }
    progress("robustness: libFuzzer on the request decoder for \(libFuzzerSeconds) s")
    let libFuzzer = Robustness.libFuzzer(bench: bench, packageRoot: root, seconds: libFuzzerSeconds)
    progress("robustness: an episode without descriptors (ulimit -n 64, 100 clients)")
    let descriptors = Result { try DescriptorEpisode.run(bench: bench) }
    progress("robustness: soak for \(Int(bench.soakSeconds)) s with a client storm and kill -9")
    report.robustness(fuzz: fuzz, libFuzzer: libFuzzer, descriptors: descriptors, soak: Result { try Soak.run(bench: bench) })
}
if wanted("build") {
    progress("build: a fresh clone's make test, step by step (about 6 min)")
    report.build(Result { try BuildCost.run(bench: bench, packageRoot: root) })
}
report.summary()
if options["keep"] == "yes" {
    progress("kept \(scratch) (logs, recordings' per-cue onsets in */onsets.tsv)")
} else {
    removeTree(scratch)
}

/// `path` resolved against the current directory (and its links), or as given when it does not exist.
func absolutePath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}
