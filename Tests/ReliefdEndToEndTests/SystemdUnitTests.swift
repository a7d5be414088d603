import Foundation
import Testing

/// The unit files in systemd/: checked by systemd's own tools (never a running systemd).
@Suite(.timeLimit(.minutes(2)))
struct SystemdUnitTests {
    typealias Support = SystemdTestSupport
    static let units = ["reliefd.socket", "reliefd.service", "relief-break.service", "relief-break.timer"]

    /// A unit file from systemd/, as text.
    func unitText(_ name: String) throws -> String {
        try String(contentsOf: Support.packageRoot.appendingPathComponent("systemd/" + name), encoding: .utf8)
    }

    /// Every `Key=value` of a unit, by section, in file order (repeated keys repeat).
    func settings(_ name: String) throws -> [String: [(key: String, value: String)]] {
        var section = "", result: [String: [(key: String, value: String)]] = [:]
        for line in try unitText(name).split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") { section = String(line.dropFirst().dropLast()); continue }
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[section, default: []].append((String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
        return result
    }

    func values(_ name: String, _ section: String, _ key: String) throws -> [String] {
        try settings(name)[section, default: []].filter { $0.key == key }.map(\.value)
    }

    /// Runs `systemd-analyze --user verify` on unit files in a private runtime and config
    /// directory, so neither the user's own units nor a running manager are involved.
    func verify(_ files: [URL], scratch: URL) throws -> Support.CommandResult {
        let analyze = try Support.tool("systemd-analyze", package: "systemd")
        for directory in ["run", "home", "config"] {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        let environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "XDG_RUNTIME_DIR": scratch.appendingPathComponent("run").path,
            "HOME": scratch.appendingPathComponent("home").path,
            "XDG_CONFIG_HOME": scratch.appendingPathComponent("config").path,
            "SYSTEMD_LOG_COLOR": "0",
        ]
        return try Support.run(analyze, ["--user", "verify", "--man=no"] + files.map(\.path), environment: environment)
    }

    @Test func unitsPassSystemdAnalyzeVerifyWithoutAnyOutput() throws {
        let binaries = Support.buildDirectory
        for executable in ["reliefd", "relief-ctl"] {
            let path = binaries.appendingPathComponent(executable).path
            try #require(FileManager.default.isExecutableFile(atPath: path),
                         "\(path) is missing: build the executables first (swift build; make test does)")
        }
        let scratch = try Support.temporaryDirectory()
        defer { Support.remove(scratch) }
        let unitDirectory = scratch.appendingPathComponent("units")
        try FileManager.default.createDirectory(at: unitDirectory, withIntermediateDirectories: true)
        // The same substitution make install performs.
        var files: [URL] = []
        for unit in Self.units {
            let rendered = try unitText(unit).replacingOccurrences(of: "@BINDIR@", with: binaries.path)
            #expect(!rendered.contains(/@[A-Z_]+@/), "\(unit) has a placeholder install does not fill")
            let file = unitDirectory.appendingPathComponent(unit)
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let result = try verify(files, scratch: scratch)
        // systemd-analyze returns 0 on unknown keys and typos, so any output is a failure.
        #expect(result.status == 0 && result.allOutput.isEmpty, "systemd-analyze verify said:\n\(result.allOutput)")
    }

    @Test func verifyReportsAMistakeSoSilenceMeansSomething() throws {
        let scratch = try Support.temporaryDirectory()
        defer { Support.remove(scratch) }
        let file = scratch.appendingPathComponent("mistake.service")
        try "[Service]\nType=notify\nLockPersonalty=yes\nExecStart=/bin/true\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try verify([file], scratch: scratch)
        #expect(result.allOutput.contains("Unknown key 'LockPersonalty'"), "\(result.allOutput)")
    }

    /// Breaks every 50 minutes from 09:00 while before 17:00, as minutes after midnight.
    static let breakMinutes = Array(stride(from: 9 * 60, to: 17 * 60, by: 50))

    /// All elapses of the timer's OnCalendar lines in [start, end), as "YYYY-MM-DD HH:MM:SS" UTC.
    func elapses(from start: String, before end: String, iterations: Int) throws -> Set<String> {
        let expressions = try values("relief-break.timer", "Timer", "OnCalendar")
        #expect(!expressions.isEmpty)
        let analyze = try Support.tool("systemd-analyze", package: "systemd")
        let result = try Support.run(
            analyze, ["calendar", "--iterations=\(iterations)", "--base-time=\(start) UTC"] + expressions,
            environment: ["PATH": "/usr/bin:/bin", "TZ": "UTC", "SYSTEMD_LOG_COLOR": "0"])
        #expect(result.status == 0, "\(result.allOutput)")
        var found = Set<String>()
        for line in result.output.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("Next elapse:") || text.hasPrefix("Iter. #") else { continue }
            // "Next elapse: Fri 2025-06-06 09:00:00 UTC" → "2025-06-06 09:00:00"
            let fields = text.split(separator: " ")
            guard fields.count >= 4, fields.last == "UTC" else { continue }
            let stamp = fields[fields.count - 3] + " " + fields[fields.count - 2]
            if stamp >= start && stamp < end { found.insert(String(stamp)) }
        }
        return found
    }

    func stamps(on day: String) -> Set<String> {
        Set(Self.breakMinutes.map { day + " " + String(format: "%02d:%02d:00", $0 / 60, $0 % 60) })
    }

    @Test func breaksComeEveryFiftyMinutesOnWeekdaysAndNeverOnWeekends() throws {
        #expect(Self.breakMinutes.count == 10)
        #expect(Self.breakMinutes.last == 16 * 60 + 30)
        // Friday 6 June 2025 through Monday 9 June: each expression's first 5 elapses reach past it.
        let found = try elapses(from: "2025-06-06 00:00:00", before: "2025-06-10 00:00:00", iterations: 5)
        #expect(found == stamps(on: "2025-06-06").union(stamps(on: "2025-06-09")))
        #expect(found.filter { $0.hasPrefix("2025-06-07") || $0.hasPrefix("2025-06-08") }.isEmpty)
    }

    @Test func theLastBreakOfTheDayIsBeforeFivePM() throws {
        // From 16:31 on a Wednesday the next break is Thursday 09:00: nothing at 17:00 or 17:20.
        let found = try elapses(from: "2025-06-04 16:31:00", before: "2025-06-05 09:00:01", iterations: 1)
        #expect(found == ["2025-06-05 09:00:00"])
    }

    @Test func timerIsPreciseAndDoesNotCatchUp() throws {
        #expect(try values("relief-break.timer", "Timer", "AccuracySec") == ["1s"])
        #expect(try values("relief-break.timer", "Timer", "Persistent") == ["false"])
        #expect(try values("relief-break.timer", "Timer", "Unit") == ["relief-break.service"])
        #expect(try values("relief-break.timer", "Install", "WantedBy") == ["timers.target"])
    }

    @Test func socketIsPrivateAndWhereClientsLook() throws {
        #expect(try values("reliefd.socket", "Socket", "ListenStream") == ["%t/relief/control.sock"])
        #expect(try values("reliefd.socket", "Socket", "SocketMode") == ["0600"])
        #expect(try values("reliefd.socket", "Socket", "DirectoryMode") == ["0700"])
        #expect(try values("reliefd.socket", "Socket", "FileDescriptorName") == ["control"])
    }

    @Test func serviceNotifiesAndIsHardened() throws {
        #expect(try values("reliefd.service", "Service", "Type") == ["notify"])
        #expect(try values("reliefd.service", "Service", "ExecStart") == ["@BINDIR@/reliefd"])
        #expect(try values("reliefd.service", "Service", "Restart") == ["on-failure"])
        #expect(try values("reliefd.service", "Service", "Environment").contains("SWIFT_BACKTRACE=enable=no"))
        #expect(try values("reliefd.service", "Service", "WatchdogSec").isEmpty, "an idle daemon sends no keep-alives")
        for key in ["NoNewPrivileges", "LockPersonality", "MemoryDenyWriteExecute", "RestrictNamespaces", "RestrictSUIDSGID"] {
            #expect(try values("reliefd.service", "Service", key) == ["yes"], "\(key)")
        }
        #expect(try values("reliefd.service", "Service", "RestrictAddressFamilies") == ["AF_UNIX"])
        #expect(try values("reliefd.service", "Service", "SystemCallArchitectures") == ["native"])
        #expect(try values("reliefd.service", "Service", "UMask") == ["0077"])
    }

    @Test func breakServiceAsksTheDaemonThroughTheSocket() throws {
        #expect(try values("relief-break.service", "Service", "Type") == ["oneshot"])
        #expect(try values("relief-break.service", "Service", "ExecStart") == ["@BINDIR@/relief-ctl start --scheduled"])
        #expect(try values("relief-break.service", "Unit", "Wants") == ["reliefd.socket"])
        #expect(try values("relief-break.service", "Unit", "After") == ["reliefd.socket"])
    }
}
