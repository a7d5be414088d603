import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// The real `relief-ctl` (built beside reliefd) for end-to-end tests.
enum Ctl {
    /// `.build/…/debug/relief-ctl`.
    static let binary = URL(fileURLWithPath: ReliefdProcess.binary).deletingLastPathComponent()
        .appendingPathComponent("relief-ctl").path

    /// The package root (for scripts/ and man/).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `relief-ctl ARGUMENTS` against `daemon` to its end.
    static func run(_ arguments: [String], _ daemon: ReliefdProcess?, timeout: Double = 20) throws
        -> (status: Int32, output: String, errors: String) {
        try runToEnd(binary, arguments, environment: environment(daemon), timeout: timeout)
    }

    /// A minimal environment naming `daemon`'s socket (or a socket nobody serves).
    static func environment(_ daemon: ReliefdProcess?) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "RELIEF_SOCKET": daemon?.socketPath ?? "/nonexistent-relief-test/control.sock"]
    }
}

/// The README's examples, run as written.
enum Readme {
    /// The text of the first fenced code block after the first line containing `marker`.
    static func block(after marker: String) throws -> String {
        let text = try String(contentsOfFile: Ctl.packageRoot + "/README.md", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.contains(marker) }),
              let open = lines[start...].firstIndex(where: { $0.hasPrefix("```") }),
              let close = lines[(open + 1)...].firstIndex(where: { $0.hasPrefix("```") }) else {
            throw TestFailure("README.md has no code block after \(marker)")
        }
        return lines[(open + 1)..<close].joined(separator: "\n")
    }

    /// The value of `key = value` (ini) or `"key": "value"` (JSON) in `block`.
    static func value(of key: String, in block: String) throws -> String {
        for line in block.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let match = trimmed.wholeMatch(of: /"(\w+)": "(.*)",?/), match.1 == key { return String(match.2) }
            if let match = trimmed.wholeMatch(of: /([\w-]+) ?= ?(.*)/), match.1 == key { return String(match.2) }
        }
        throw TestFailure("no \(key) in \(block)")
    }

    /// The environment a bar runs its command in: relief-ctl on the PATH, the test's socket.
    static func environment(_ daemon: ReliefdProcess) -> [String: String] {
        let bin = URL(fileURLWithPath: Ctl.binary).deletingLastPathComponent().path
        return ["PATH": "\(bin):/usr/bin:/bin", "RELIEF_SOCKET": daemon.socketPath, "LANG": "C.UTF-8"]
    }
}

/// A long-running `relief-ctl` (follow) whose output is read while it runs.
final class CtlProcess {
    private let process: Process
    private let outputPath: String
    private let errorPath: String

    convenience init(_ arguments: [String], socketPath: String, in directory: TemporaryDirectory) throws {
        try self.init(executable: Ctl.binary, arguments, environment: ["PATH": "/usr/bin:/bin", "RELIEF_SOCKET": socketPath],
                      in: directory)
    }

    /// Any program (a status bar running relief-ctl), its output read while it runs.
    init(executable: String, _ arguments: [String], environment: [String: String], in directory: TemporaryDirectory) throws {
        let name = UUID().uuidString
        outputPath = directory.path + "/ctl-\(name).out"
        errorPath = directory.path + "/ctl-\(name).err"
        for path in [outputPath, errorPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process = try launch {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = errors
            return process
        }
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }
    var lines: [String] { output.split(separator: "\n").map(String.init) }
    var isRunning: Bool { process.isRunning }

    /// Waits until `condition` holds for the output lines; false after `timeout` seconds.
    func waitFor(timeout: Double = 10, _ condition: ([String]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(lines) { return true }
            usleep(10_000)
        }
        return condition(lines)
    }

    /// Waits for the exit; its status, or nil after `timeout` seconds.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(5_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        _ = waitForExit(timeout: 5)
    }
}
