import Glibc
import ReliefMeasure

/// Where the bench finds what it measures, and its private scratch directory.
struct Bench {
    /// Directory of the release `reliefd` and `relief-ctl`.
    var binDirectory: String
    /// Directory of bench routines (bench-cues.toml).
    var routineDirectory: String
    /// Directory of the cue WAVs (Sounds/wav).
    var soundDirectory: String
    /// The timeline scale for timing runs.
    var timeScale: Double
    /// Seconds of soak.
    var soakSeconds: Double
    /// Malformed inputs per parser.
    var fuzzInputs: Int
    /// Scratch directory, removed at the end.
    var scratch: String
    /// Where the `pipewire-alsa` package is unpacked (its ALSA plugin, for the PipeWire runs).
    var pipewireALSARoot = ".build/pipewire-alsa"

    var reliefd: String { "\(binDirectory)/reliefd" }
    var reliefCtl: String { "\(binDirectory)/relief-ctl" }

    /// A fresh subdirectory of the scratch directory.
    func directory(_ name: String) -> String {
        let path = "\(scratch)/\(name)"
        mkdir(path, 0o700)
        return path
    }

    /// A new, uniquely named subdirectory of the scratch directory.
    func uniqueDirectory(_ prefix: String) -> String? {
        makeTemporaryDirectory(prefix: prefix, in: scratch)
    }

    /// The environment every process of the bench runs with: a private HOME and XDG tree, so
    /// nothing of the user's (routines, sounds, a running reliefd) is picked up.
    func environment(home: String, extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "HOME": home, "XDG_CONFIG_HOME": "\(home)/config", "XDG_STATE_HOME": "\(home)/state",
            "XDG_RUNTIME_DIR": home, "PATH": getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin",
            "SWIFT_BACKTRACE": "enable=no", "LANG": "C.UTF-8",
        ]
        for (key, value) in extra { env[key] = value }
        return env
    }
}

/// One real `reliefd` process on a private socket and state directory.
final class DaemonUnderTest {
    let process: ChildProcess
    let socketPath: String
    let stateDirectory: String
    /// Monotonic instant just before the spawn.
    let launchedAt: Double
    /// Its standard error.
    let logPath: String

    var pid: pid_t { process.pid }

    /// Starts reliefd in `home` with `arguments` added (e.g. `--device pulse`); `environment`
    /// is the complete environment.
    /// `wrapper` runs before reliefd and must exec it (e.g. a shell setting a limit).
    init(bench: Bench, home: String, arguments: [String], environment: [String: String], log: String = "reliefd.log",
         wrapper: [String] = []) throws {
        socketPath = "\(home)/control.sock"
        logPath = "\(home)/\(log)"
        stateDirectory = "\(home)/state/relief"
        launchedAt = monotonicNow()
        process = try ChildProcess(
            wrapper + [bench.reliefd, "--socket", socketPath, "--state-dir", stateDirectory, "--routines", bench.routineDirectory,
             // Tones alone: the benches time cues, and voice (on by default) adds lead-ins.
             "--log-level", "warning", "--voice", "off"] + arguments,
            environment: environment, errorLog: logPath)
    }

    /// Waits until a `ping` is answered; the monotonic instant of that reply, nil on timeout
    /// or if the daemon exited.
    func waitUntilServing(timeout: Double = 10) -> Double? {
        let deadline = monotonicNow() + timeout
        while monotonicNow() < deadline {
            if let connection = LineConnection(path: socketPath, receiveTimeout: 2),
               let reply = connection.request(#"{"cmd":"ping"}"#), reply.contains("\"ok\":true") {
                return monotonicNow()
            }
            if !process.isRunning { return nil }
            usleep(500)
        }
        return nil
    }

    /// A one-off request on a fresh connection.
    func request(_ line: String) -> String? {
        LineConnection(path: socketPath)?.request(line)
    }

    /// SIGTERM (the daemon ends a session as stopped and exits), SIGKILL after 3 s.
    func stop() { process.stop(within: 3) }
}

/// A failure that stops one measurement, with what to do about it.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
