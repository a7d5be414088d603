import ArgumentParser
import ReliefProtocol
import Testing
@testable import ReliefCtlKit

@Suite("Command lines and the requests they build")
struct CommandLineTests {
    /// The request line `relief-ctl ARGUMENTS` sends.
    func request(_ arguments: [String]) throws -> String {
        let command = try ReliefCtl.parseAsRoot(arguments)
        let requestCommand = try #require(command as? any RequestCommand, "\(arguments) is not a request command")
        return requestCommand.request.line
    }

    @Test(arguments: [
        (["ping"], #"{"cmd":"ping"}"#),
        (["list"], #"{"cmd":"list"}"#),
        (["list", "--names"], #"{"cmd":"list"}"#),
        (["show", "wall-stretch"], #"{"cmd":"show","routine":"wall-stretch"}"#),
        (["start", "wall-stretch"], #"{"cmd":"start","routine":"wall-stretch"}"#),
        (["start", "posture-break", "--scheduled"], #"{"cmd":"start","routine":"posture-break","scheduled":true}"#),
        (["start", "--scheduled"], #"{"cmd":"start","scheduled":true}"#),
        (["stop"], #"{"cmd":"stop"}"#),
        (["pause"], #"{"cmd":"pause"}"#),
        (["resume"], #"{"cmd":"resume"}"#),
        (["toggle"], #"{"cmd":"toggle"}"#),
        (["skip"], #"{"cmd":"skip"}"#),
        (["back"], #"{"cmd":"back"}"#),
        (["extend"], #"{"cmd":"extend","seconds":10}"#),
        (["extend", "30"], #"{"cmd":"extend","seconds":30}"#),
        (["extend", "1.5m"], #"{"cmd":"extend","seconds":90}"#),
        (["extend", "2.5s"], #"{"cmd":"extend","seconds":2.5}"#),
        (["status"], #"{"cmd":"status"}"#),
        (["cue", "switch-side"], #"{"cmd":"cue","cue":"switch-side"}"#),
        (["history"], #"{"cmd":"history","days":7,"utc_offset":"# + "\(History.utcOffset())}"),
        (["history", "--days", "30"], #"{"cmd":"history","days":30,"utc_offset":"# + "\(History.utcOffset())}"),
        (["snooze", "30m"], #"{"cmd":"snooze","seconds":1800}"#),
        (["snooze", "1h30m"], #"{"cmd":"snooze","seconds":5400}"#),
        (["snooze", "off"], #"{"cmd":"snooze","seconds":0}"#),
        (["snooze", "OFF"], #"{"cmd":"snooze","seconds":0}"#),
        (["snooze", "0"], #"{"cmd":"snooze","seconds":0}"#),
        (["reload"], #"{"cmd":"reload"}"#),
    ])
    func buildsTheProtocolRequest(arguments: [String], line: String) throws {
        #expect(try request(arguments) == line)
    }

    @Test func followSubscribesAfterAStatusForTheFirstLine() throws {
        let human = try #require(try ReliefCtl.parseAsRoot(["follow"]) as? Follow)
        #expect(human.requests.map(\.line) == [#"{"cmd":"status"}"#, #"{"cmd":"subscribe"}"#])
        #expect(!human.untilEnd)
        // With --json only the subscription, so the output is exactly the daemon's stream.
        let raw = try #require(try ReliefCtl.parseAsRoot(["--json", "follow", "--until-end"]) as? Follow)
        #expect(raw.requests.map(\.line) == [#"{"cmd":"subscribe"}"#])
        #expect(raw.untilEnd)
    }

    @Test func connectionOptionsWorkBeforeAndAfterTheCommand() throws {
        for arguments in [["--socket", "/s", "--json", "status"], ["status", "--socket", "/s", "--json"],
                          ["--json", "status", "--socket=/s"]] {
            let command = try #require(try ReliefCtl.parseAsRoot(arguments) as? ReliefCtlKit.Status)
            #expect(command.connection.socket == "/s", "\(arguments)")
            #expect(command.connection.json, "\(arguments)")
            #expect(command.connection.timeout == ConnectionOptions.defaultTimeout)
        }
        let timed = try #require(try ReliefCtl.parseAsRoot(["--timeout", "1.5s", "ping"]) as? Ping)
        #expect(timed.connection.timeout == 1.5)
        #expect(timed.connection.socket == nil)
        #expect(!timed.connection.json)
    }

    @Test(arguments: [
        ["frobnicate"],
        ["show"],
        ["start"],
        ["cue"],
        ["snooze"],
        ["snooze", "soon"],
        ["snooze", "25h"],
        ["extend", "0"],
        ["extend", "11m"],
        ["extend", "1x"],
        ["history", "--days", "0"],
        ["history", "--days", "3651"],
        ["history", "--days", "week"],
        ["status", "extra"],
        ["--timeout", "0", "status"],
        ["--timeout", "forever", "status"],
        ["status", "--bogus"],
    ])
    func badCommandLinesAreUsageErrors(arguments: [String]) {
        do {
            _ = try ReliefCtl.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(ReliefCtl.exitCode(for: error).rawValue == CtlExit.usage.rawValue, "\(arguments)")
            #expect(!ReliefCtl.message(for: error).isEmpty)
        }
    }

    @Test func usageMessagesSayWhatIsValid() {
        func message(_ arguments: [String]) -> String {
            do {
                _ = try ReliefCtl.parseAsRoot(arguments)
                return ""
            } catch {
                return ReliefCtl.message(for: error)
            }
        }
        #expect(message(["snooze", "soon"]).contains("30s, 10m, 1h30m"))
        #expect(message(["extend", "11m"]).contains("at most 10m"))
        #expect(message(["start"]).contains("--scheduled"))
        #expect(message(["history", "--days", "0"]).contains("1 to 3650"))
    }

    @Test func everyCommandsHelpStatesItsDefaults() {
        // Help is wrapped to the terminal; compare with the line breaks taken out.
        func helpText(for command: any ParsableCommand.Type) -> String {
            ReliefCtl.helpMessage(for: command, columns: 1000).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let help = helpText(for: Status.self)
        #expect(help.contains("Default: $RELIEF_SOCKET"))
        #expect(help.contains("Default: 5 seconds"))
        #expect(help.contains("Default: off"))
        #expect(helpText(for: Extend.self).contains("Default: 10 seconds"))
        #expect(helpText(for: History.self).contains("Default: 7"))
        #expect(helpText(for: Follow.self).contains("Default: follow until interrupted"))
        #expect(ReliefCtl.helpMessage().contains("EXIT STATUS"))
    }
}

@Suite("Fast start")
struct FastStartTests {
    @Test(arguments: [
        ["status"], ["ping"], ["stop"], ["pause"], ["resume"], ["toggle"], ["skip"], ["back"], ["reload"],
        ["--json", "status"], ["status", "--json"], ["--socket", "/tmp/s", "status"], ["status", "--socket=/tmp/s"],
        ["--json", "--socket", "/tmp/s", "pause"],
        ["start", "wall-stretch"], ["start", "x"], ["--json", "start", "neck-rolls"], ["start", "posture-break", "--socket=/tmp/s"],
        ["start", "status"], ["start", "--json", "x2"],
    ])
    func readsCommandLinesExactlyLikeArgumentParser(arguments: [String]) throws {
        let fast = try #require(FastStart.match(arguments))
        let parsed = try #require(try ReliefCtl.parseAsRoot(arguments) as? any RequestCommand)
        switch fast.action {
        case .argumentless(let command): #expect(type(of: parsed) == command)
        case .start: #expect(parsed is Start)
        }
        #expect(parsed.connection.socket == fast.socket)
        #expect(parsed.connection.json == fast.json)
        #expect(parsed.connection.timeout == ConnectionOptions.defaultTimeout)
        #expect(parsed.request == fast.request)
    }

    @Test(arguments: [
        [], ["--help"], ["status", "--help"], ["-h"], ["help"], ["status", "status"], ["--json", "--json", "status"],
        ["list"], ["start"], ["start", "--scheduled"], ["start", "x", "--scheduled"], ["start", "x", "y"], ["start", "help"],
        ["start", "-x"], ["start", ""], ["start", "Wall"], ["status", "start", "x"], ["start", "x", "status"], ["extend"], ["follow"], ["status", "--timeout", "1"], ["--socket"], ["--socket", "status"],
        ["--socket=", "status"], ["--socket", "-x", "status"], ["stauts"], ["--version"],
    ])
    func leavesEverythingElseToArgumentParser(arguments: [String]) {
        #expect(FastStart.match(arguments) == nil)
    }
}
