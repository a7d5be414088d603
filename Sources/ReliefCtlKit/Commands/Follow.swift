import Glibc
import ArgumentParser
import ReliefProtocol

/// `relief-ctl follow [--until-end] [--wait] [--format FORMAT | --waybar]`: watch sessions
/// as they happen.
struct Follow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow sessions live: a line redrawn in place on a terminal, one line per event in a pipe.",
        discussion: """
            On a terminal, one line shows the routine, step, phase with a countdown to the next \
            phase change, side, rep, a progress bar and the time left; it is redrawn on every \
            event and whenever a shown second passes while a session runs. The countdowns come \
            from the daemon's status (phase_remaining, remaining) and run at its --time-scale. Piped (not a terminal), each event is one line \
            stamped with local time, in the order things happen: cue (at its planned instant), state, end.

            With --format or --waybar, for status bars (waybar, i3blocks, polybar): one line \
            at once, then one line per second while a session runs and one per change \
            otherwise, each written out at once (no buffering).

            follow keeps following across sessions until interrupted (Ctrl-C: exit 130 on a \
            terminal) or until reliefd goes away (exit 69; with --wait it retries every second \
            instead, prints the offline state, and follows the next reliefd). With --until-end it exits 0 after \
            the next session ends. With --json it prints the subscription's lines exactly as \
            they come (the reply, then one event per line), as `socat - UNIX-CONNECT:PATH` would.
            """)

    @OptionGroup var connection: ConnectionOptions
    /// `--format`, `--waybar`.
    @OptionGroup var bar: BarOptions
    /// `--until-end`.
    @Flag(name: .long, help: "Exit 0 after the next end event (a session completed, stopped or interrupted). Default: follow until interrupted.")
    var untilEnd = false
    /// `--wait`.
    @Flag(name: .long, help: "When reliefd is not running or goes away, wait for it (retrying every second) instead of exiting 69, so a status bar survives restarts. Default: off.")
    var wait = false

    /// Seconds between attempts to reach reliefd with `--wait`.
    static let retryInterval = 1.0

    /// The requests sent, in order: `status` (for the first live line; not with `--json`), then `subscribe`.
    var requests: [Request] {
        connection.json ? [.subscribe] : [.status, .subscribe]
    }

    /// Runs in the real process; Ctrl-C on a terminal ends the live line first.
    func run() throws {
        let context = Context.standard(connection)
        if context.console.isTerminal, !connection.json, bar.line == nil {
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
    func perform(in context: Context) -> ExitStatus {
        var session = Following(context: context, untilEnd: untilEnd, bar: bar.line)
        var waiting = false
        while true {
            switch follow(in: context, session: &session, waited: &waiting) {
            case .finished(let status):
                return status
            case .lost(let error):
                session.finishLine()
                guard wait else {
                    if let error { return context.report(error) }
                    context.console.error("relief-ctl: reliefd on \(context.socketPath) closed the connection (it stopped?)")
                    return .unreachable
                }
                if !waiting {
                    let reason = error.map { "\($0)" } ?? "reliefd on \(context.socketPath) closed the connection"
                    context.console.error("relief-ctl: \(reason); waiting for reliefd (--wait)")
                    waiting = true
                    session.offline()
                }
                usleep(useconds_t(Self.retryInterval * 1_000_000))
            }
        }
    }

    enum Outcome {
        case finished(ExitStatus)
        /// reliefd cannot be reached, or closed the connection (nil).
        case lost(ClientError?)
    }

    /// One subscription, from connecting to its end.
    private func follow(in context: Context, session: inout Following, waited: inout Bool) -> Outcome {
        let client: ControlClient
        do {
            client = try ControlClient(path: context.socketPath, timeout: context.timeout)
        } catch {
            return error.isUnreachable ? .lost(error) : .finished(context.report(error))
        }
        defer { client.close() }
        if waited {
            context.console.error("relief-ctl: reliefd on \(context.socketPath) is back")
            waited = false
        }
        do {
            for request in requests { try client.send(request) }
            for _ in requests {
                let reply = try client.readReply()
                if context.json { context.console.line(reply.line) }
                guard reply.isOK else { return .finished(context.report(refusal: reply)) }
                if !context.json, reply.value["state"] != nil {
                    session.begin(with: try reply.decode(ReliefProtocol.Status.self, context: "status reply"))
                }
            }
            while true {
                switch try client.nextLine(timeout: session.redrawDelay()) {
                case .timedOut:
                    session.redraw()
                case .closed:
                    return .lost(nil)
                case .line(let line):
                    if try session.take(line) == .ended, untilEnd { return .finished(.success) }
                }
            }
        } catch let error as ClientError {
            if error.isUnreachable { return .lost(error) }
            session.finishLine()
            return .finished(context.report(error))
        } catch let error as MalformedReply {
            session.finishLine()
            return .finished(context.report(error))
        } catch {
            session.finishLine()
            context.console.error("relief-ctl: \(error)")
            return .finished(.protocolError)
        }
    }
}

/// The state of one `follow` run: the view, and how it is drawn.
struct Following {
    enum Outcome { case continuing, ended }

    let context: Context
    let untilEnd: Bool
    /// `--format`/`--waybar`: one line per second while running, per change otherwise.
    let bar: BarLine?
    var view = FollowView()
    var drewLiveLine = false
    /// The last bar line printed, and when.
    var lastBarLine: String?
    var lastBarUnix = -Double.infinity

    init(context: Context, untilEnd: Bool, bar: BarLine? = nil) {
        self.context = context
        self.untilEnd = untilEnd
        self.bar = context.json ? nil : bar
    }

    var live: Bool { context.console.isTerminal && !context.json && bar == nil }

    /// Shows the status that preceded the subscription.
    mutating func begin(with status: ReliefProtocol.Status) {
        let now = context.clock.now()
        view.apply(status, at: now)
        if bar != nil {
            printBarLine(force: true)
        } else if live {
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
        let event = try Event.read(value)
        let now = context.clock.now()
        view.apply(event, at: now)
        if bar != nil {
            // A cue that opens a phase is followed at once by the state event that says how
            // long the phase lasts; a line printed in between would lack its countdown.
            if case .cue = event {} else { printBarLine(force: false) }
        } else if !context.json {
            if live {
                if case .end(let end) = event {
                    context.console.write("\r" + FollowText.endLine(routine: end.routine, outcome: end.outcome, at: now, clock: context.clock)
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
        let now = context.clock.now()
        if bar != nil {
            // The next change of a shown number, but a line at least every second.
            guard view.isTicking else { return nil }
            let heartbeat = max(0, lastBarUnix + 1 - now)
            return min(view.secondsUntilChange(at: now) ?? heartbeat, heartbeat)
        }
        guard live else { return nil }
        return view.secondsUntilChange(at: now)
    }

    /// Draws the live line in place, or prints the bar line when it is due.
    mutating func redraw() {
        if bar != nil {
            printBarLine(force: view.isTicking && context.clock.now() - lastBarUnix >= 0.999)
            return
        }
        guard live else { return }
        let line = FollowText.liveLine(view, at: context.clock.now(), width: context.console.width, clock: context.clock)
        context.console.write("\r" + line + "\u{1B}[K")
        drewLiveLine = true
    }

    /// reliefd is gone (`--wait`): the bar says `offline`, the live line waits.
    mutating func offline() {
        view = FollowView()
        if bar != nil {
            printBarLine(force: false)
        } else if live {
            redraw()
        }
    }

    /// Prints the bar line for now when it differs from the last one, or when `force`d.
    mutating func printBarLine(force: Bool) {
        guard let bar else { return }
        let now = context.clock.now()
        let line = bar.line(view, at: now, clock: context.clock)
        guard force || line != lastBarLine else { return }
        context.console.line(line)
        lastBarLine = line
        lastBarUnix = now
    }

    /// Ends the live line so what follows starts on a fresh line.
    mutating func finishLine() {
        if drewLiveLine { context.console.write("\n") }
        drewLiveLine = false
    }
}

extension Event {
    /// Reads an event line's JSON; the kind names the event in messages ("end event:
    /// 'outcome' is missing …"), and an unknown kind is ``other(_:)``.
    static func read(_ value: JSONValue) throws(MalformedReply) -> Event {
        try value.decode(Event.self, context: value["event"]?.string.map { "\($0) event" } ?? "event")
    }

    /// True for the end of a session.
    var isEnd: Bool {
        if case .end = self { return true }
        return false
    }
}
