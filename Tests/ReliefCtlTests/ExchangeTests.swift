import ArgumentParser
import Foundation
import ReliefProtocol
import Testing
@testable import ReliefCtlKit

/// relief-ctl's exit status (Swift Testing has an `ExitStatus` of its own).
typealias CtlExit = ReliefCtlKit.ExitStatus

/// What a command run printed and how it ended.
struct Outcome {
    var status: CtlExit
    var output: String
    var error: String
}

/// Runs `relief-ctl ARGUMENTS` in-process against the socket at `path`, capturing output.
func run(_ arguments: [String], at path: String, terminal: Bool = false, width: Int = 80) throws -> Outcome {
    let command = try ReliefCtl.parseAsRoot(arguments)
    let console = Console.capturing(isTerminal: terminal, width: width)
    func context(_ options: ConnectionOptions) -> Context {
        Context(console: console, clock: utcClock, socketPath: path, isDefaultPath: false, json: options.json, timeout: 2)
    }
    let status: CtlExit
    if let follow = command as? Follow {
        status = follow.perform(in: context(follow.connection))
    } else {
        let request = try #require(command as? any RequestCommand)
        status = request.perform(in: context(request.connection))
    }
    return Outcome(status: status, output: console.capturedOutput, error: console.capturedError)
}

/// The `show` routine the canned daemon knows: a sided hold step, then a breathing step.
let followRoutine = """
    {"name":"wall-stretch","title":"Wall stretch","summary":"","duration":171,"source":"builtin","cautions":[],"spoken":null,"steps":[
      {"name":"Chest opener","how":"","prepare":5,"hold":30,"countdown":3,"inhale":null,"exhale":null,"pause":null,"release":3,"rest":5,"reps":2,"sides":["left","right"],"duration":122},
      {"name":"Deep breathing","how":"","prepare":3,"hold":null,"countdown":null,"inhale":4,"exhale":6,"pause":1,"release":0,"rest":0,"reps":5,"sides":[],"duration":58}]}
    """

/// Canned replies per PROTOCOL.md, like a daemon in the middle of a session.
func cannedReply(_ request: JSONValue) -> FakeDaemon.Reaction {
    let status = runningStatus.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
    switch request["cmd"]?.string {
    case "ping": return .lines([#"{"ok":true,"version":"0.1.0","pid":1234}"#])
    case "status", "pause", "resume", "toggle", "skip", "back", "extend": return .lines([status])
    case "stop": return .lines([#"{"ok":true,"state":"idle","routine":null,"title":null,"step":null,"elapsed":0,"remaining":0,"duration":0,"pending":null,"snooze":null,"audio":{"device":"default","ok":true,"error":null}}"#])
    case "list": return .lines([#"{"ok":true,"routines":[{"name":"wall-stretch","title":"Wall stretch","summary":"Chest opener","duration":171.0,"source":"builtin"}]}"#])
    case "show":
        guard request["routine"]?.string == "wall-stretch" else {
            return .lines([#"{"ok":false,"error":"unknown-routine","message":"no routine named 'nope'"}"#])
        }
        return .lines([#"{"ok":true,"routine":"# + followRoutine.split(separator: "\n").joined() + "}"])
    case "start":
        if request["scheduled"]?.bool == true { return .lines([#"{"ok":true,"skipped":"busy"}"#]) }
        return .lines([#"{"ok":false,"error":"busy","message":"a session is already running"}"#])
    case "cue": return .lines([#"{"ok":true,"cue":"hold"}"#])
    case "history": return .lines([#"{"ok":true,"sessions":[],"summary":{"today":{"sessions":1,"seconds":171},"last_7_days":{"sessions":1,"seconds":171},"streak_days":1}}"#])
    case "snooze": return .lines([#"{"ok":true,"snooze":null}"#])
    case "reload": return .lines([#"{"ok":true,"routines":27,"problems":[]}"#])
    case "subscribe":
        return .lines([
            #"{"ok":true,"subscribed":true}"#,
            #"{"event":"cue","cue":"release","routine":"wall-stretch","step":{"index":1,"name":"Wall slide","side":"left","rep":1,"phase":"release"},"planned_unix":1763733600.5,"onset_unix":1763733600.502}"#,
            #"{"event":"end","routine":"wall-stretch","outcome":"completed"}"#,
        ])
    default:
        return .lines([#"{"ok":false,"error":"unknown-command","message":"unknown command"}"#])
    }
}

@Suite("Commands against a fake daemon")
struct ExchangeTests {
    @Test(arguments: [
        (["ping"], "reliefd 0.1.0, pid 1234, on "),
        (["status"], "state:    running\n"),
        (["list"], "NAME          TITLE         TIME  SOURCE   SUMMARY\nwall-stretch  Wall stretch  2:51  builtin  Chest opener\n"),
        (["list", "--names"], "wall-stretch\n"),
        (["show", "wall-stretch"], "wall-stretch: Wall stretch (2:51, builtin)\n"),
        (["start", "--scheduled"], "scheduled break skipped: a session is already running\n"),
        (["stop"], "idle\n"),
        (["pause"], "running: wall-stretch, step 2/3 Wall slide (hold, left side, rep 1/3), 2:09 left\n"),
        (["resume"], "running: wall-stretch"),
        (["toggle"], "running: wall-stretch"),
        (["skip"], "running: wall-stretch"),
        (["back"], "running: wall-stretch"),
        (["extend", "20s"], "running: wall-stretch"),
        (["cue", "hold"], "played hold\n"),
        (["history"], "today:        1 session, 2:51\n"),
        (["snooze", "off"], "snooze off: scheduled breaks start again\n"),
        (["reload"], "reloaded 27 routines\n"),
    ])
    func everyCommandSucceedsWithText(arguments: [String], expected: String) throws {
        let daemon = try FakeDaemon(respond: cannedReply)
        defer { daemon.stop() }
        let outcome = try run(arguments, at: daemon.path)
        #expect(outcome.status == .success)
        #expect(outcome.output.hasPrefix(expected) || outcome.output.contains(expected), "\(outcome.output)")
        #expect(outcome.error.isEmpty)
        // Exactly the request the command builds, on one line.
        let command = try #require(try ReliefCtl.parseAsRoot(arguments) as? any RequestCommand)
        #expect(daemon.requests == [command.request.line])
    }

    @Test func jsonPrintsTheReplyLineExactly() throws {
        let line = #"{"ok": true, "version": "0.1.0",   "pid": 9}"#
        let daemon = try FakeDaemon(always: line)
        defer { daemon.stop() }
        let outcome = try run(["--json", "ping"], at: daemon.path)
        #expect(outcome.status == .success)
        #expect(outcome.output == line + "\n")
    }

    @Test func aRefusalExitsOneWithTheDaemonsMessageOnStderr() throws {
        let daemon = try FakeDaemon(respond: cannedReply)
        defer { daemon.stop() }
        let busy = try run(["start", "wall-stretch"], at: daemon.path)
        #expect(busy.status == .refused)
        #expect(busy.status.rawValue == 1)
        #expect(busy.output.isEmpty)
        #expect(busy.error == "relief-ctl: a session is already running; stop it first with `relief-ctl stop`\n")
        let unknown = try run(["show", "nope"], at: daemon.path)
        #expect(unknown.status == .refused)
        #expect(unknown.error.contains("no routine named 'nope'; `relief-ctl list` shows the routines"))
        // With --json the refusal line goes to stdout as well, for scripts.
        let json = try run(["--json", "start", "wall-stretch"], at: daemon.path)
        #expect(json.status == .refused)
        #expect(json.output == #"{"ok":false,"error":"busy","message":"a session is already running"}"# + "\n")
        #expect(!json.error.isEmpty)
    }

    @Test(arguments: [("snoozed", "skipped: breaks are snoozed"), ("in-call", "deferred: a microphone or camera is in use"),
                      ("away", "skipped: you are away"), ("rested", "skipped: you rested")])
    func aSkippedScheduledStartIsSuccess(reason: String, words: String) throws {
        let daemon = try FakeDaemon(always: #"{"ok":true,"skipped":"\#(reason)"}"#)
        defer { daemon.stop() }
        let outcome = try run(["start", "--scheduled"], at: daemon.path)
        #expect(outcome.status == .success)
        #expect(outcome.output.contains(words), "\(outcome.output)")
    }

    @Test func anUnreachableDaemonExits69AndSaysHowToStartIt() throws {
        let path = "/tmp/relief-ctl-test-nothing-\(getpid())/control.sock"
        let outcome = try run(["status"], at: path)
        #expect(outcome.status == .unreachable)
        #expect(outcome.status.rawValue == 69)
        #expect(outcome.output.isEmpty)
        #expect(outcome.error.contains("no daemon socket at \(path)"))
        #expect(outcome.error.contains("reliefd --socket \(path) &"))
        #expect(outcome.error.contains("systemctl --user start reliefd.socket"))
    }

    @Test func theDefaultPathSuggestsPlainReliefd() {
        let console = Console.capturing()
        let context = Context(console: console, clock: utcClock, socketPath: "/run/user/1/relief/control.sock",
                              isDefaultPath: true, json: false, timeout: 1)
        context.report(ClientError(kind: .connectionRefused, path: context.socketPath, detail: "Connection refused"))
        #expect(console.capturedError.contains("`reliefd &`"))
    }

    @Test func garbageExits70() throws {
        let daemon = try FakeDaemon(always: "Welcome to the machine")
        defer { daemon.stop() }
        let outcome = try run(["status"], at: daemon.path)
        #expect(outcome.status == .protocolError)
        #expect(outcome.status.rawValue == 70)
        #expect(outcome.error.contains("sent a bad reply"))
        #expect(outcome.error.contains("Welcome to the machine"))
    }

    @Test func aReplyMissingPromisedFieldsExits70() throws {
        let daemon = try FakeDaemon(always: #"{"ok":true,"status":"fine"}"#)
        defer { daemon.stop() }
        let outcome = try run(["status"], at: daemon.path)
        #expect(outcome.status == .protocolError)
        #expect(outcome.error.contains("status reply: 'state' is missing"))
    }

    @Test func aConnectionClosedWithoutReplyExits70() throws {
        let daemon = try FakeDaemon { _ in .close }
        defer { daemon.stop() }
        let outcome = try run(["ping"], at: daemon.path)
        #expect(outcome.status == .protocolError)
        #expect(outcome.error.contains("closed the connection"))
    }

    @Test func aSilentDaemonIsUnreachableAfterTheTimeout() throws {
        let daemon = try FakeDaemon { _ in .lines([]) }
        defer { daemon.stop() }
        let command = try #require(try ReliefCtl.parseAsRoot(["status"]) as? ReliefCtlKit.Status)
        let console = Console.capturing()
        let context = Context(console: console, clock: utcClock, socketPath: daemon.path, isDefaultPath: false, json: false, timeout: 0.2)
        #expect(command.perform(in: context) == .unreachable)
        #expect(console.capturedError.contains("did not answer in time"))
    }
}

@Suite("follow against a fake daemon")
struct FollowExchangeTests {
    @Test func pipedPrintsOneLinePerEventAndEndsWithUntilEnd() throws {
        let daemon = try FakeDaemon(respond: cannedReply)
        defer { daemon.stop() }
        let outcome = try run(["follow", "--until-end"], at: daemon.path)
        #expect(outcome.status == .success)
        #expect(outcome.output == """
            14:00:00.000 state running: wall-stretch, step 2/3 Wall slide (hold, left side, rep 1/3), 2:09 left
            14:00:00.500 cue release · wall-stretch · step 2 Wall slide · release · left · rep 1
            14:00:00.000 end wall-stretch completed

            """)
        #expect(daemon.requests == [#"{"cmd":"status"}"#, #"{"cmd":"subscribe"}"#])
    }

    @Test func jsonPrintsTheStreamExactly() throws {
        let daemon = try FakeDaemon(respond: cannedReply)
        defer { daemon.stop() }
        let outcome = try run(["--json", "follow", "--until-end"], at: daemon.path)
        #expect(outcome.status == .success)
        guard case .lines(let lines) = cannedReply(["cmd": "subscribe"]) else { return }
        #expect(outcome.output == lines.map { $0 + "\n" }.joined())
    }

    @Test func aTerminalGetsOneLineRedrawnInPlace() throws {
        let daemon = try FakeDaemon(respond: cannedReply)
        defer { daemon.stop() }
        let outcome = try run(["follow", "--until-end"], at: daemon.path, terminal: true, width: 100)
        #expect(outcome.status == .success)
        let frames = outcome.output.split(separator: "\r", omittingEmptySubsequences: true).map(String.init)
        #expect(frames == [
            "wall-stretch · 2/3 Wall slide · hold · left · rep 1/3 ▕████░░░░░░░░░░░░░░░░▏ 2:09 left\u{1B}[K",
            "wall-stretch · 2/3 Wall slide · release · left · rep 1/3 ▕████░░░░░░░░░░░░░░░░▏ 2:09 left\u{1B}[K",
            // The session's end leaves a line on screen; nothing else scrolls.
            "wall-stretch completed at 14:00\u{1B}[K\n",
        ])
        // The countdowns come from STATUS itself: no other request than status and subscribe.
        #expect(daemon.requests == [#"{"cmd":"status"}"#, #"{"cmd":"subscribe"}"#])
    }

    @Test func followingEndsWith69WhenTheDaemonGoesAway() throws {
        let daemon = try FakeDaemon { request in
            request["cmd"]?.string == "subscribe" ? .linesThenClose([#"{"ok":true,"subscribed":true}"#]) : cannedReply(request)
        }
        defer { daemon.stop() }
        let outcome = try run(["follow"], at: daemon.path)
        #expect(outcome.status == .unreachable)
        #expect(outcome.error.contains("closed the connection"))
    }

    @Test func aRefusedSubscriptionExits1() throws {
        let daemon = try FakeDaemon { request in
            request["cmd"]?.string == "subscribe"
                ? .linesThenClose([#"{"ok":false,"error":"forbidden","message":"peer uid 65534 is not 0"}"#]) : cannedReply(request)
        }
        defer { daemon.stop() }
        let outcome = try run(["follow"], at: daemon.path)
        #expect(outcome.status == .refused)
        #expect(outcome.error.contains("belongs to another user"))
    }

    @Test func aBrokenEventExits70() throws {
        let daemon = try FakeDaemon { request in
            request["cmd"]?.string == "subscribe" ? .lines([#"{"ok":true,"subscribed":true}"#, "{{{"]) : cannedReply(request)
        }
        defer { daemon.stop() }
        let outcome = try run(["follow"], at: daemon.path)
        #expect(outcome.status == .protocolError)
        #expect(outcome.error.contains("event line is not JSON"))
    }
}
