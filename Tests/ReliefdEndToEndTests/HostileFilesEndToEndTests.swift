import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// Files a user (or a mistake) can put where reliefd reads — reliefd.toml, routines, cue
/// overrides — never kill, hang or wedge the real daemon, nor `reliefd check`: toml++ never
/// sees text the guard has not passed, and a FIFO is refused instead of read.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HostileFilesEndToEndTests {
    static let configFile = "config/relief/reliefd.toml"
    /// Inputs that aborted (SIGABRT) or overflowed the stack (SIGSEGV) inside toml++.
    static let crashingTOML = ["[\n", "x = [ } ]\n", "a = 1979-05-27T:32:00\n",
                               String(repeating: "a.", count: 40_000) + "a = 1\n"]

    @Test(arguments: crashingTOML)
    func aCrashingReliefdTomlIsReportedAtStartOnReloadAndByCheck(text: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(Self.configFile, text)
        let daemon = try ReliefdProcess(in: directory)
        #expect(daemon.log.contains("config: \(path):1:"), "\(daemon.log.suffix(2000))")
        let client = try daemon.client()
        _ = try client.request(#"{"cmd":"start","routine":"long"}"#)
        // SIGHUP and `reload` mid-session: the daemon and its session live on.
        kill(daemon.pid, SIGHUP)
        let reloaded = try client.request(#"{"cmd":"reload"}"#)
        let problems = (reloaded["problems"] as? [String]) ?? []
        #expect(problems.contains { $0.hasPrefix("\(path):1:") }, "\(problems)")
        #expect(try client.request(#"{"cmd":"status"}"#)["routine"] as? String == "long")
        let check = try runToEnd(ReliefdProcess.binary, ["check"],
                                 environment: ["XDG_CONFIG_HOME": directory.path + "/config", "HOME": directory.path])
        #expect(check.status == 65, "\(check.errors)")
        #expect(check.errors.contains("\(path):1:"), "\(check.errors)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func aDeepDottedKeyInARoutineIsALocatedProblemNotAStackOverflow() throws {
        let deep = "name = \"deep\"\n" + String(repeating: "a.", count: 40_000) + "a = 1\n"
        let directory = try TemporaryDirectory()
        let daemon = try ReliefdProcess(in: directory, routines: ["deep": deep, "demo": TestRoutines.demo])
        #expect(daemon.log.contains("routines/deep.toml:2:"), "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("more than 64 parts"))
        let client = try daemon.client()
        let reloaded = try client.request(#"{"cmd":"reload"}"#)
        #expect((reloaded["problems"] as? [String])?.contains { $0.contains("deep.toml:2:") } == true)
        let check = try runToEnd(ReliefdProcess.binary, ["check", daemon.routineDirectory + "/deep.toml"])
        #expect(check.status == 65)
        #expect(check.errors.contains("deep.toml:2:2: error: a dotted key has more than 64 parts"), "\(check.errors)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func aFIFOAsReliefdTomlIsRefusedNotOpenedForEver() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/config/relief", withIntermediateDirectories: true)
        let path = directory.path + "/" + Self.configFile
        #expect(mkfifo(path, 0o600) == 0)
        let daemon = try ReliefdProcess(in: directory)  // waits (bounded) until it answers
        #expect(daemon.log.contains("\(path): cannot read: is not a regular file (a FIFO)"), "\(daemon.log.suffix(2000))")
        #expect(try daemon.client().request(#"{"cmd":"reload"}"#)["ok"] as? Bool == true)
        let check = try runToEnd(ReliefdProcess.binary, ["check"],
                                 environment: ["XDG_CONFIG_HOME": directory.path + "/config", "HOME": directory.path],
                                 timeout: 10)
        #expect(check.status == 65, "\(check.errors)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func aFIFOAsACueOverrideIsSkippedAtStartAndOnEveryReload() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/config/relief/sounds", withIntermediateDirectories: true)
        let path = directory.path + "/config/relief/sounds/begin.wav"
        #expect(mkfifo(path, 0o600) == 0)
        let daemon = try ReliefdProcess(in: directory, arguments: ["--device", "null"], silent: false)
        #expect(daemon.log.contains("\(path): is not a regular file (a FIFO)"), "\(daemon.log.suffix(2000))")
        let client = try daemon.client()
        // Each reload used to block a Dispatch thread in open(); after two the daemon was wedged.
        for _ in 0..<4 { #expect(try client.request(#"{"cmd":"reload"}"#, timeout: 5)["ok"] as? Bool == true) }
        kill(daemon.pid, SIGHUP)
        #expect(try client.request(#"{"cmd":"ping"}"#)["ok"] as? Bool == true)
        #expect(daemon.signal(SIGTERM) == 0)
    }
}
