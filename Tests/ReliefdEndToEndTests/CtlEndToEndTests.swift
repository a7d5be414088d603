import Foundation
import ReliefProtocol
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// relief-ctl against the real reliefd, as a user types it: versions, hints in CLI words,
/// "did you mean", quit, and `make demo` run twice (issue 16).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct CtlEndToEndTests {
    @Test func bothBinariesAndPingReportTheOneVersion() throws {
        let daemon = try ReliefdProcess()
        let reliefd = try runToEnd(ReliefdProcess.binary, ["--version"])
        #expect(reliefd.status == 0)
        #expect(reliefd.output == "reliefd \(Wire.version)\n")
        let ctl = try Ctl.run(["--version"], nil)
        #expect(ctl.status == 0)
        #expect(ctl.output == "relief-ctl \(Wire.version)\n")
        let ping = try Ctl.run(["ping"], daemon)
        #expect(ping.status == 0)
        #expect(ping.output.hasPrefix("reliefd \(Wire.version), pid \(daemon.pid), on \(daemon.socketPath)"))
    }

    @Test func refusalsGiveRelief_ctlCommandsNotWireJSON() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        #expect(try Ctl.run(["start", "long"], daemon).status == 0)
        let busy = try Ctl.run(["start", "long"], daemon)
        #expect(busy.status == 1)
        #expect(busy.errors == "relief-ctl: \"long\" is already running or about to begin; stop it first with `relief-ctl stop`\n")
        // The wire message keeps its hint for socat users.
        let raw = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect((raw["message"] as? String)?.contains(#"{"cmd":"stop"}"#) == true)
        #expect(try Ctl.run(["stop"], daemon).status == 0)
        let idle = try Ctl.run(["pause"], daemon)
        #expect(idle.status == 1)
        #expect(idle.errors == "relief-ctl: no session is running; start one with `relief-ctl start NAME` (`relief-ctl list` shows the routines)\n")
        for result in [busy, idle] { #expect(!result.errors.contains("{\"cmd\"")) }
    }

    @Test func typosGetOneSuggestion() throws {
        let daemon = try ReliefdProcess()
        let command = try Ctl.run(["strat", "demo"], daemon)
        #expect(command.status == 64)
        #expect(command.errors == "relief-ctl: unknown command 'strat'; did you mean 'start'?\n")
        let nothingClose = try Ctl.run(["frobnicate"], daemon)
        #expect(nothingClose.status == 64)
        #expect(nothingClose.errors == "relief-ctl: unknown command 'frobnicate'; `relief-ctl --help` lists the commands\n")

        let routine = try Ctl.run(["start", "dmeo"], daemon)
        #expect(routine.status == 1)
        #expect(routine.errors == "relief-ctl: no routine 'dmeo'; did you mean 'demo'?\n")
        let builtin = try Ctl.run(["show", "wal-stretch"], daemon)
        #expect(builtin.status == 1)
        #expect(builtin.errors == "relief-ctl: no routine 'wal-stretch'; did you mean 'wall-stretch'?\n")
        // No guess: a pointer to the list instead of all the names.
        let unknown = try Ctl.run(["start", "xyzzy-plugh"], daemon)
        #expect(unknown.status == 1)
        #expect(unknown.errors == "relief-ctl: no routine 'xyzzy-plugh'; `relief-ctl list` shows the routines\n")
        let cue = try Ctl.run(["cue", "hodl"], daemon)
        #expect(cue.status == 1)
        #expect(cue.errors.hasPrefix("relief-ctl: unknown cue 'hodl'; did you mean 'hold'?"))
    }

    @Test func quitEndsTheDaemonAndRecordsTheSessionStopped() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        #expect(try Ctl.run(["start", "long"], daemon).status == 0)
        let quit = try Ctl.run(["quit"], daemon)
        #expect(quit.status == 0)
        #expect(quit.output == "reliefd (pid \(daemon.pid)) has quit\n")
        #expect(daemon.waitForExit(timeout: 5) == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        let history = try String(contentsOfFile: daemon.stateDirectory + "/history.jsonl", encoding: .utf8)
        #expect(history.contains(#""outcome":"stopped""#))
        #expect(daemon.log.contains("stopping on quit"))
        let again = try Ctl.run(["quit"], daemon)
        #expect(again.status == 69)
    }

    @Test func makeDemoRunTwiceFollowsTheRunningSession() throws {
        // wall-stretch takes 149 s; at 0.03 about 4.5 s.
        let daemon = try ReliefdProcess(timeScale: 0.03)
        let script = Ctl.packageRoot + "/scripts/demo.sh"
        let bin = URL(fileURLWithPath: Ctl.binary).deletingLastPathComponent().path
        let first = try launch {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [script, bin]
            process.environment = Ctl.environment(daemon)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, try Ctl.run(["status", "--format", "{state}"], daemon).output != "running\n" { usleep(20_000) }
        let second = try runToEnd("/bin/bash", [script, bin], environment: Ctl.environment(daemon), timeout: 20)
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.output.contains("relief: a session is already running (running wall-stretch); following it"), "\(second.output)")
        #expect(second.output.contains("'relief-ctl quit' stops it"))
        #expect(second.output.contains("end wall-stretch completed"))
        #expect(!second.errors.contains("busy"))
    }
}
