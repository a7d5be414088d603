import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// The real `reliefd` binary (built beside the test bundle) on a temporary socket and state
/// directory, with silent audio. Started and stopped by PID; every wait is bounded.
final class ReliefdProcess {
    /// `.build/…/debug/reliefd`, next to the test bundle.
    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("reliefd").path
    }()

    let directory: TemporaryDirectory
    let socketPath: String
    let stateDirectory: String
    let routineDirectory: String
    private let process: Process
    private let errorPath: String

    /// Starts reliefd with `arguments` added to the test defaults, and waits until it answers
    /// (unless `waitUntilServing` is false). `silent` false leaves out `--silent` (give a
    /// `--device`); `environment` is laid over the test's own.
    ///
    /// Voice is on by default in reliefd; tests that are not about it get `--voice off`
    /// unless they pass `--voice` themselves (or `defaultVoice`: reliefd's own default), and
    /// the safety briefing counts as heard unless
    /// `briefingHeard` is false (else the first session would open with it).
    init(in directory: TemporaryDirectory? = nil, timeScale: Double = 0.01, arguments: [String] = [],
         routines: [String: String] = TestRoutines.all, waitUntilServing: Bool = true, silent: Bool = true,
         briefingHeard: Bool = true, defaultVoice: Bool = false, environment overrides: [String: String] = [:],
         descriptorLimit: Int? = nil, journal: Bool = false) throws {
        let directory = try directory ?? TemporaryDirectory()
        self.directory = directory
        socketPath = directory.path + "/run/control.sock"
        stateDirectory = directory.path + "/state"
        routineDirectory = directory.path + "/routines"
        try FileManager.default.createDirectory(atPath: routineDirectory, withIntermediateDirectories: true)
        for (name, text) in routines { try directory.write("routines/\(name).toml", text) }
        if briefingHeard {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: stateDirectory + "/safety-briefing-heard", contents: nil)
        }
        let voiceDefault = arguments.contains("--voice") || defaultVoice ? [] : ["--voice", "off"]
        errorPath = directory.path + "/reliefd-\(UUID().uuidString).log"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let arguments = ["--socket", socketPath, "--state-dir", stateDirectory, "--routines", routineDirectory,
                         "--time-scale", String(timeScale), "--log-level", "debug"] + (silent ? ["--silent"] : []) + voiceDefault + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = directory.path + "/config"  // no user routines from the machine
        // Never the desktop's own session bus: a test session must not pause the person's music.
        environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + directory.path + "/no-session-bus"
        environment.merge(overrides) { _, override in override }
        if journal {
            // As systemd sets it: the device and inode of the stream stderr goes to.
            var info = stat()
            guard stat(errorPath, &info) == 0 else { throw TestFailure("cannot stat \(errorPath)") }
            environment["JOURNAL_STREAM"] = "\(info.st_dev):\(info.st_ino)"
        }
        let errorURL = URL(fileURLWithPath: errorPath)
        process = try launch {
            let process = Process()
            if let descriptorLimit {
                // A real RLIMIT_NOFILE, set by the shell that then becomes reliefd (same pid).
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "ulimit -n \(descriptorLimit) && exec \"$0\" \"$@\"", Self.binary] + arguments
            } else {
                process.executableURL = URL(fileURLWithPath: Self.binary)
                process.arguments = arguments
            }
            process.environment = environment
            process.standardError = try FileHandle(forWritingTo: errorURL)
            process.standardOutput = FileHandle.nullDevice
            return process
        }
        if waitUntilServing { try self.waitUntilServing() }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// What reliefd logged to stderr so far.
    var log: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Polls until a `ping` is answered; throws after `timeout` seconds or if reliefd exits.
    func waitUntilServing(timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { throw TestFailure("reliefd exited early: \(log)") }
            if let client = try? RawClient(path: socketPath), let reply = try? client.request(#"{"cmd":"ping"}"#, timeout: 1),
               reply["ok"] as? Bool == true {
                return
            }
            usleep(5_000)
        }
        throw TestFailure("reliefd did not answer within \(timeout) s: \(log)")
    }

    /// A new client connected to this daemon.
    func client() throws -> RawClient { try RawClient(path: socketPath) }

    /// Sends `signal` and waits (bounded) for the exit; returns the exit status, nil on timeout.
    @discardableResult
    func signal(_ signal: Int32, timeout: Double = 10) -> Int32? {
        kill(process.processIdentifier, signal)
        return waitForExit(timeout: timeout)
    }

    /// Waits up to `timeout` seconds for the process to end; its exit status, or nil.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(2_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Writes a routine file into the `--routines` directory.
    func addRoutine(_ name: String, _ toml: String) throws {
        try directory.write("routines/\(name).toml", toml)
    }
}

/// Routine files for the end-to-end tests.
enum TestRoutines {
    /// Two sides of prepare 2 s, hold 5 s (3 ticks), release 2 s: 18 s at time scale 1.
    static let demo = """
        name = "demo"
        title = "Demo"
        summary = "A short two-sided stretch."
        cautions = ["Keep it gentle."]
        [[steps]]
        name = "Reach"
        how = "Reach up with one arm."
        prepare = 2
        hold = 5
        release = 2
        sides = ["left", "right"]
        """

    /// A long routine: a session of it is still running when a test is done with it.
    static let long = """
        name = "long"
        title = "Long"
        summary = "Holds a long time."
        [[steps]]
        name = "Hold on"
        how = "Stay where you are."
        prepare = 5
        hold = 3000
        countdown = 0
        release = 5
        [[steps]]
        name = "Second"
        how = "Stay where you are."
        prepare = 5
        hold = 3000
        countdown = 0
        release = 5
        """

    /// Thousands of countdown ticks (3 steps × 100 reps × 13 cues, 3900 s at time scale 1),
    /// within the routine format's bounds: a flood of cue events for a subscriber.
    static let ticks = """
        name = "ticks"
        title = "Ticks"
        summary = "A countdown all the way."
        [[steps]]
        name = "Count"
        how = "Listen."
        prepare = 1
        hold = 11
        countdown = 10
        release = 1
        reps = 100
        [[steps]]
        name = "Count"
        how = "Listen."
        prepare = 1
        hold = 11
        countdown = 10
        release = 1
        reps = 100
        [[steps]]
        name = "Count"
        how = "Listen."
        prepare = 1
        hold = 11
        countdown = 10
        release = 1
        reps = 100
        """

    /// Every routine above, by name.
    static let all = ["demo": demo, "long": long, "ticks": ticks]
}

/// Runs the process `make` builds, retrying a few times: Foundation's `Process.run` on Linux
/// can fail with EBADF when another test thread closes a descriptor while it spawns.
func launch(_ make: () throws -> Process) throws -> Process {
    var attempt = 0
    while true {
        let process = try make()
        do {
            try process.run()
            return process
        } catch {
            attempt += 1
            if attempt == 5 { throw error }
            usleep(10_000)
        }
    }
}

/// Runs `executable` with `arguments` to its end (killed after `timeout` seconds) and returns
/// its exit status, standard output and standard error.
func runToEnd(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeout: Double = 20) throws
    -> (status: Int32, output: String, errors: String) {
    let output = Pipe(), errors = Pipe()
    let process = try launch {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        return process
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { usleep(2_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return (process.terminationStatus,
            String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}
