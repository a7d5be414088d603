import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `status --format`, `follow --format`, `--waybar` and `follow --wait` through the real
/// binaries, as a status bar runs them (issue 16).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct StatusBarEndToEndTests {
    @Test func statusFormatPrintsOneLine() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        let idle = try Ctl.run(["status", "--format", "short"], daemon)
        #expect(idle.status == 0)
        #expect(idle.output == "idle\n")
        #expect(try Ctl.run(["start", "long"], daemon).status == 0)
        let line = try Ctl.run(["status", "--format", "{routine}|{step}|{phase}|{state}|{side}[|{side}]|{steps}"], daemon)
        #expect(line.output == "long|Hold on|prepare|running||2\n")
        let short = try Ctl.run(["status", "--format", "short"], daemon)
        #expect(short.output.hasPrefix("running long · prepare 0:0"), "\(short.output)")
        #expect(short.output.hasSuffix(" left\n"))

        let waybar = try Ctl.run(["status", "--waybar"], daemon)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(waybar.output.utf8)) as? [String: Any])
        #expect(object["class"] as? String == "running")
        #expect((object["text"] as? String)?.hasPrefix("running long · prepare") == true)
        #expect((object["tooltip"] as? String)?.contains("routine:  long (Long)") == true)
        #expect(object["percentage"] as? Int == 0)

        let typo = try Ctl.run(["status", "--format", "{rotine}"], daemon)
        #expect(typo.status == 64)
        #expect(typo.errors.contains("unknown placeholder {rotine} in the format; did you mean {routine}?"))
    }

    @Test func followFormatPrintsEverySecondWhileRunningAndOnChangeOtherwiseAndWaits() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        let follow = try CtlProcess(["follow", "--format", "{state}[ {routine}][ {phase}]", "--wait"],
                                    socketPath: daemon.socketPath, in: daemon.directory)
        defer { follow.stop() }
        #expect(follow.waitFor { $0 == ["idle"] })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        // The same text again each second while the session runs.
        #expect(follow.waitFor { $0.filter { $0 == "running long prepare" }.count >= 3 }, "\(follow.lines)")
        _ = try daemon.client().request(#"{"cmd":"pause"}"#)
        #expect(follow.waitFor { $0.last == "paused long prepare" })
        let paused = follow.lines.count
        usleep(1_500_000)
        #expect(follow.lines.count == paused, "lines while nothing changed: \(follow.lines.suffix(3))")

        // reliefd goes away: the bar says so and follow waits for the next one.
        #expect(daemon.signal(SIGTERM) == 0)
        #expect(follow.waitFor { $0.last == "offline" }, "\(follow.lines.suffix(3))")
        #expect(follow.isRunning)
        #expect(follow.errors.contains("waiting for reliefd (--wait)"))
        let restarted = try ReliefdProcess(in: daemon.directory, timeScale: 1)
        #expect(follow.waitFor { $0.last == "idle" }, "\(follow.lines.suffix(3))")
        _ = try restarted.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(follow.waitFor { $0.last == "running long prepare" })
    }

    @Test func followWithoutWaitStillExits69WhenTheDaemonGoes() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        let follow = try CtlProcess(["follow", "--format", "short"], socketPath: daemon.socketPath, in: daemon.directory)
        #expect(follow.waitFor { $0 == ["idle"] })
        #expect(daemon.signal(SIGTERM) == 0)
        #expect(follow.waitForExit(timeout: 5) == 69)
        let nobody = try Ctl.run(["follow", "--format", "short"], nil)
        #expect(nobody.status == 69)
    }

    @Test func followWaybarPrintsOneJSONObjectPerLine() throws {
        let daemon = try ReliefdProcess(timeScale: 0.05)  // demo: 18 s → 0.9 s
        let follow = try CtlProcess(["follow", "--waybar", "--until-end"], socketPath: daemon.socketPath, in: daemon.directory)
        #expect(follow.waitFor { $0.count == 1 })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"demo"}"#)
        #expect(follow.waitForExit(timeout: 10) == 0)
        let objects = try follow.lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
        #expect(objects.first?["class"] as? String == "idle")
        #expect(objects.contains { $0["class"] as? String == "running" && ($0["text"] as? String)?.contains("demo · hold") == true })
        #expect(objects.contains { ($0["text"] as? String)?.contains(" · left · ") == true })
        for object in objects {
            #expect(object["tooltip"] is String && object["alt"] is String && object["percentage"] is Int)
        }
    }

    @Test func replyNumbersAreRoundedToMicroseconds() throws {
        let daemon = try ReliefdProcess(timeScale: 0.7)
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        usleep(50_000)
        for command in ["status", "pause", "history"] {
            let reply = try Ctl.run(["--json", command], daemon)
            #expect(reply.status == 0)
            // A fraction of at most six digits, never float noise such as 3.0000010000003385.
            let noisy = reply.output.matches(of: /[0-9]\.[0-9]{7,}/)
            #expect(noisy.isEmpty, "\(command): \(reply.output)")
            #expect(reply.output.contains("."), "\(command) has fractional seconds to round: \(reply.output)")
        }
    }
}

/// The README's waybar, i3blocks and polybar snippets, run as written.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct StatusBarReadmeTests {
    @Test func theWaybarModulePrintsJSONLines() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        let command = try Readme.value(of: "exec", in: Readme.block(after: "**waybar**"))
        #expect(command == "relief-ctl follow --waybar --wait")
        // waybar runs exec through sh -c and reads each line as it comes ("exec": a child of
        // the test, which stops it by PID).
        let bar = try CtlProcess(executable: "/bin/sh", ["-c", "exec " + command], environment: Readme.environment(daemon), in: daemon.directory)
        defer { bar.stop() }
        #expect(bar.waitFor { $0.count == 1 })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(bar.waitFor { $0.count >= 3 })
        let objects = try bar.lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects[0]["text"] as? String == "idle")
        #expect((objects[1]["text"] as? String)?.hasPrefix("running long · prepare 0:05 · ") == true, "\(objects[1])")
        #expect(objects[1]["class"] as? String == "running")
    }

    @Test func theI3blocksBlockShowsTheLineInI3bar() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/i3blocks") else {
            print("skipped: i3blocks not installed (apt-get install i3blocks; make test installs it)")
            return
        }
        let daemon = try ReliefdProcess(timeScale: 1)
        let config = try daemon.directory.write("i3blocks.conf", Readme.block(after: "**i3blocks**") + "\n")
        let bar = try CtlProcess(executable: "/usr/bin/i3blocks", ["-c", config], environment: Readme.environment(daemon),
                                 in: daemon.directory)
        defer { bar.stop() }
        #expect(bar.waitFor { $0.contains { $0.contains(#""full_text":"idle""#) } }, "\(bar.lines) \(bar.errors)")
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(bar.waitFor { $0.contains { $0.contains(#""full_text":"running long · prepare 0:05""#) } }, "\(bar.lines)")
        #expect(bar.waitFor { $0.contains { $0.contains(#""full_text":"running long · prepare 0:04""#) } }, "\(bar.lines)")
    }

    @Test func thePolybarScriptPrintsNothingWhileIdleThenTheSession() throws {
        let daemon = try ReliefdProcess(timeScale: 1)
        let command = try Readme.value(of: "exec", in: Readme.block(after: "**polybar**"))
        let bar = try CtlProcess(executable: "/bin/sh", ["-c", "exec " + command], environment: Readme.environment(daemon), in: daemon.directory)
        defer { bar.stop() }
        #expect(bar.waitFor { _ in bar.output == "\n" })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(bar.waitFor { $0.contains("long · prepare 0:04") }, "\(bar.lines)")
        #expect(bar.lines.first == "long · prepare 0:05")
    }
}
