#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import ReliefProtocol

/// `relief-ctl follow [--until-end]`: watch sessions as they happen.
public struct Follow: ParsableCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow sessions live: a line redrawn in place on a terminal, one line per event in a pipe.",
        discussion: """
            On a terminal, one line shows the routine, step, phase with a countdown to the next \
            phase change, side, rep, a progress bar and the time left; it is redrawn on every \
            event and whenever a shown second passes while a session runs. The countdowns come \
            from the daemon's status (phase_remaining, remaining) and run at its --time-scale. Piped (not a terminal), each event is one line \
            stamped with local time: cue (at its planned instant), state, end.

            follow keeps following across sessions until interrupted (Ctrl-C: exit 130 on a \
            terminal) or until reliefd goes away (exit 69). With --until-end it exits 0 after \
            the next session ends. With --json it prints the subscription's lines exactly as \
            they come (the reply, then one event per line), as `socat - UNIX-CONNECT:PATH` would.
            """)

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// `--until-end`.
    @Flag(name: .long, help: "Exit 0 after the next end event (a session completed, stopped or interrupted). Default: follow until interrupted.")
    public var untilEnd = false
    /// ArgumentParser creates the command.
    public init() {}

    /// The requests sent, in order: `status` (for the first live line; not with `--json`), then `subscribe`.
    public var requests: [JSONValue] {
        connection.json ? [["cmd": "subscribe"]] : [["cmd": "status"], ["cmd": "subscribe"]]
    }

    /// Runs in the real process; Ctrl-C on a terminal ends the live line first.
    public func run() throws {
        let context = Context.standard(connection)
        if context.console.isTerminal, !connection.json {
            // Leave the last live line on screen and the prompt below it.
            signal(SIGINT) { _ in
                _ = write(STDOUT_FILENO, "\n", 1)
                _exit(ExitStatus.interrupted.rawValue)
            }
        }
        perform(in: context).exit()
    }

    /// Subscribes and shows events in `context` until the end (see the help); returns the
    /// exit status.
    public func perform(in context: Context) -> ExitStatus {
        let client: ControlClient
        switch context.connect() {
        case .connected(let connected): client = connected
        case .failed(let status): return status
        }
        defer { client.close() }
        var session = Following(context: context, untilEnd: untilEnd)
        do {
            for request in requests { try client.send(request) }
            for _ in requests {
                let reply = try client.readReply()
                if context.json { context.console.line(reply.line) }
                guard reply.isOK else { return context.report(refusal: reply) }
                if !context.json, reply.value["state"] != nil {
                    try session.begin(with: try StatusReport(ReplyFields(reply.value, context: "status reply")))
                }
            }
            while true {
                switch try client.nextLine(timeout: session.redrawDelay()) {
                case .timedOut:
                    session.redraw()
                case .closed:
                    session.finishLine()
                    context.console.error("relief-ctl: reliefd on \(context.socketPath) closed the connection (it stopped?)")
                    return .unreachable
                case .line(let line):
                    if try session.take(line) == .ended, untilEnd { return .success }
                }
            }
        } catch let error as ClientError {
            session.finishLine()
            return context.report(error)
        } catch let error as MalformedReply {
            session.finishLine()
            return context.report(error)
        } catch {
            session.finishLine()
            context.console.error("relief-ctl: \(error)")
            return .protocolError
        }
    }
}

/// The state of one `follow` run: the view, and how it is drawn.
struct Following {
    enum Outcome { case continuing, ended }

    let context: Context
    let untilEnd: Bool
    var view = FollowView()
    var drewLiveLine = false

    init(context: Context, untilEnd: Bool) {
        self.context = context
        self.untilEnd = untilEnd
    }

    var live: Bool { context.console.isTerminal && !context.json }

    /// Shows the status that preceded the subscription.
    mutating func begin(with status: StatusReport) throws(MalformedReply) {
        let now = context.clock.now()
        view.apply(status, at: now)
        if live {
            redraw()
        } else {
            context.console.line(FollowText.eventLine(.state(status), at: now, clock: context.clock))
        }
    }

    /// Handles one event line.
    mutating func take(_ line: String) throws -> Outcome {
        if context.json { context.console.line(line) }
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            throw ClientError(kind: .protocolError, path: context.socketPath,
                              detail: "event line is not JSON, \(error): \(String(line.prefix(120)))")
        }
        let event = try FollowEvent(value)
        let now = context.clock.now()
        view.apply(event, at: now)
        if !context.json {
            if live {
                if case .end(let routine, let outcome) = event {
                    context.console.write("\r" + FollowText.endLine(routine: routine, outcome: outcome, at: now, clock: context.clock)
                        + "\u{1B}[K\n")
                    drewLiveLine = false
                }
                if !(untilEnd && event.isEnd) { redraw() }
            } else {
                context.console.line(FollowText.eventLine(event, at: now, clock: context.clock))
            }
        }
        return event.isEnd ? .ended : .continuing
    }

    /// How long to wait for an event before redrawing: until the next change of a number
    /// on the line while it ticks, else without limit.
    func redrawDelay() -> Double? {
        guard live else { return nil }
        return view.secondsUntilChange(at: context.clock.now())
    }

    /// Draws the live line in place.
    mutating func redraw() {
        guard live else { return }
        let line = FollowText.liveLine(view, at: context.clock.now(), width: context.console.width, clock: context.clock)
        context.console.write("\r" + line + "\u{1B}[K")
        drewLiveLine = true
    }

    /// Ends the live line so what follows starts on a fresh line.
    mutating func finishLine() {
        if drewLiveLine { context.console.write("\n") }
        drewLiveLine = false
    }
}

extension FollowEvent {
    /// True for the end of a session.
    var isEnd: Bool {
        if case .end = self { return true }
        return false
    }
}
