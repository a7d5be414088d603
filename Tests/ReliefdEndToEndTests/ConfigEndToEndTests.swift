import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// reliefd.toml as the real daemon uses it: applied at start, beaten by flags, reported with
/// its place when wrong (the daemon still starts), re-read on SIGHUP and `reload`, and
/// checked by `reliefd check` without files.
@Suite(.timeLimit(.minutes(1)))
struct ConfigEndToEndTests {
    static let configFile = "config/relief/reliefd.toml"

    /// Asks for a scheduled break and cancels it: which routine, and in how many real seconds.
    func scheduledBreak(_ client: RawClient) throws -> (routine: String?, startsIn: Double?) {
        let accepted = try client.request(#"{"cmd":"start","scheduled":true}"#)
        _ = try client.request(#"{"cmd":"stop"}"#)
        return (accepted["routine"] as? String, accepted["starts_in"] as? Double)
    }

    @Test func theFilesBreakPolicyAndOutputApplyAtStart() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write(Self.configFile, """
            [breaks]
            routine = "demo"
            warning_seconds = 30
            [audio]
            device = "null"
            volume = 0.5
            """)
        // Not --silent: the ALSA stream reports the configured device (opened only for a session).
        let daemon = try ReliefdProcess(in: directory, silent: false)
        let client = try daemon.client()
        let scheduled = try scheduledBreak(client)
        #expect(scheduled.routine == "demo")
        // 30 s at time scale 0.01, plus the 20 ms cue lead.
        #expect(abs((scheduled.startsIn ?? 0) - 0.32) < 0.001, "\(String(describing: scheduled.startsIn))")
        let audio = try #require(try client.request(#"{"cmd":"status"}"#)["audio"] as? [String: Any])
        #expect(audio["device"] as? String == "null")
        #expect(daemon.log.contains("settings from \(directory.path)/\(Self.configFile)"), "\(daemon.log)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func flagsWinOverTheFile() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write(Self.configFile, """
            [breaks]
            routine = "demo"
            warning_seconds = 30
            [audio]
            device = "null"
            """)
        let daemon = try ReliefdProcess(in: directory, arguments: ["--break-routine", "long", "--warning", "100",
                                                                   "--device", "default"], silent: false)
        let client = try daemon.client()
        let scheduled = try scheduledBreak(client)
        #expect(scheduled.routine == "long")
        #expect(abs((scheduled.startsIn ?? 0) - 1.02) < 0.001, "\(String(describing: scheduled.startsIn))")
        let audio = try #require(try client.request(#"{"cmd":"status"}"#)["audio"] as? [String: Any])
        #expect(audio["device"] as? String == "default")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func anInvalidFileIsReportedWithItsPlaceAndTheDaemonRunsOnDefaults() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.configFile, """
            [breaks]
            warning = 5
            routine = "demo"
            [audio]
            volume = 1.5
            """)
        let daemon = try ReliefdProcess(in: directory)
        let log = daemon.log
        #expect(log.contains(#"error"#), "\(log)")
        #expect(log.contains(#"\#(path):2:1: unknown key "warning" in [breaks] — did you mean "warning_seconds"?; valid keys: routine, warning_seconds"#), "\(log)")
        #expect(log.contains("\(path):5:1: audio.volume = 1.5 is out of range: must be a volume from 0 to 1 (default 0.8)"), "\(log)")
        // The valid setting is used, the wrong ones keep their defaults (warning 10 s).
        let scheduled = try scheduledBreak(try daemon.client())
        #expect(scheduled.routine == "demo")
        #expect(abs((scheduled.startsIn ?? 0) - 0.12) < 0.001, "\(String(describing: scheduled.startsIn))")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func sighupAndReloadReadTheFileAgain() throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write(Self.configFile, "[breaks]\nroutine = \"demo\"\n")
        let daemon = try ReliefdProcess(in: directory)
        let client = try daemon.client()
        #expect(try scheduledBreak(client).routine == "demo")

        _ = try directory.write(Self.configFile, "[breaks]\nroutine = \"long\"\nwarning_seconds = 50\n")
        kill(daemon.pid, SIGHUP)
        // The reload runs on the daemon's main queue: poll, bounded, until it took effect.
        let deadline = Date().addingTimeInterval(10)
        var scheduled = try scheduledBreak(client)
        while scheduled.routine != "long", Date() < deadline {
            usleep(10_000)
            scheduled = try scheduledBreak(client)
        }
        #expect(scheduled.routine == "long")
        #expect(abs((scheduled.startsIn ?? 0) - 0.52) < 0.001, "\(String(describing: scheduled.startsIn))")

        // The reload command reports the file's problems beside the routines'.
        _ = try directory.write(Self.configFile, "[breaks]\nroutine = \"no-such-routine\"\n[audio]\nvolume = \"loud\"\n")
        let reloaded = try client.request(#"{"cmd":"reload"}"#)
        let problems = try #require(reloaded["problems"] as? [String])
        #expect(problems.contains { $0.contains("reliefd.toml:4:1: audio.volume must be a volume from 0 to 1 (default 0.8), not a string") }, "\(problems)")
        #expect(problems.contains { $0.contains(#"routine "no-such-routine" is not a routine"#) }, "\(problems)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func checkWithoutFilesChecksTheConfigAndTheRoutineDirectories() throws {
        let directory = try TemporaryDirectory()
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = directory.path + "/config"
        let config = directory.path + "/" + Self.configFile

        // Nothing configured: the defaults, and only built-in routines.
        let empty = try runToEnd(ReliefdProcess.binary, ["check"], environment: environment)
        #expect(empty.status == 0, "\(empty.errors)")
        #expect(empty.output.contains("\(config): not present; the defaults apply"), "\(empty.output)")

        _ = try directory.write(Self.configFile, "[breaks]\nroutine = \"demo\"\n")
        _ = try directory.write("config/relief/routines/demo.toml", TestRoutines.demo)
        let valid = try runToEnd(ReliefdProcess.binary, ["check"], environment: environment)
        #expect(valid.status == 0, "\(valid.errors)")
        #expect(valid.output.contains("\(config): ok"))
        #expect(valid.output.contains("\(directory.path)/config/relief/routines/demo.toml: ok"), "\(valid.output)")

        _ = try directory.write(Self.configFile, "[breaks]\nroutine = \"demo\"\nwarning_seconds = -1\n")
        _ = try directory.write("config/relief/routines/broken.toml", "name = \"broken\"\ntitle = [\n")
        let invalid = try runToEnd(ReliefdProcess.binary, ["check"], environment: environment)
        #expect(invalid.status == 65)
        #expect(invalid.errors.contains("\(config):3:1: breaks.warning_seconds = -1 is out of range"), "\(invalid.errors)")
        #expect(invalid.errors.contains("\(directory.path)/config/relief/routines/broken.toml:"), "\(invalid.errors)")
        #expect(!invalid.errors.contains("demo.toml"))

        // A break routine that names no routine is caught before a break fails on it.
        _ = try directory.write(Self.configFile, "[breaks]\nroutine = \"desk-reset\"\n")
        let missing = try runToEnd(ReliefdProcess.binary, ["check"], environment: environment)
        #expect(missing.status == 65)
        #expect(missing.errors.contains(#"\#(config):2:1: [breaks] routine "desk-reset" is not a routine; scheduled breaks would fail. Name one of: "#), "\(missing.errors)")
    }
}
