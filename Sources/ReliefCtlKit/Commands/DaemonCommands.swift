import ArgumentParser
import ReliefProtocol

/// `relief-ctl ping`: is the daemon there, and which one.
struct Ping: ArgumentlessCommand {
    static let configuration = CommandConfiguration.protocolCommand("ping", discussion: "Exits 0 when reliefd answers, 69 when it cannot be reached. Handy in scripts: relief-ctl ping >/dev/null && …")

    @OptionGroup var connection: ConnectionOptions

    /// The reply's type.
    typealias Reply = Pong
    /// `{"cmd":"ping"}`.
    static let fixedRequest = Request.ping
    /// "reliefd 0.1.0, pid 1234, on PATH".
    static func text(for reply: Pong, in context: Context) -> String {
        ReplyText.ping(reply, path: context.socketPath)
    }
}

/// `relief-ctl status`: where the session stands.
struct Status: ArgumentlessCommand {
    static let configuration = CommandConfiguration.protocolCommand("status", discussion: """
            Times are m:ss: elapsed rounds down, remaining rounds up. The audio line names the \
            ALSA device and, when it fails, the error; the session runs on silently meanwhile.

            With --format or --waybar, one line for a status bar instead (see follow --format \
            to update it without polling).
            """)

    @OptionGroup var connection: ConnectionOptions
    /// `--format`, `--waybar`.
    @OptionGroup var bar: BarOptions

    /// `{"cmd":"status"}`.
    static let fixedRequest = Request.status
    /// The status block.
    static func text(for reply: ReliefProtocol.Status, in context: Context) -> String {
        StatusText.block(reply, clock: context.clock)
    }

    /// The status block, or one line with `--format` or `--waybar`.
    func render(_ reply: ReliefProtocol.Status, in context: Context) -> String {
        guard let line = bar.line else { return Self.text(for: reply, in: context) }
        var view = FollowView()
        let now = context.clock.now()
        view.apply(reply, at: now)
        return line.line(view, at: now, clock: context.clock)
    }
}

/// `relief-ctl cue NAME`: play one cue, to learn the sounds or test the device.
struct Cue: RequestCommand {
    /// The cue names of SPEC "Cues", for help and shell completion; the daemon decides
    /// which are valid.
    static let names = ["begin", "hold", "move", "release", "switch-side", "inhale", "exhale", "tick", "halfway",
                               "complete", "stop", "pause", "resume", "warning"]

    static let configuration = CommandConfiguration.protocolCommand("cue", discussion: "Cues: \(names.joined(separator: ", ")). An unknown name is refused (exit 1) with the list of valid ones.")

    @OptionGroup var connection: ConnectionOptions
    /// The cue to play.
    @Argument(help: ArgumentHelp("The cue to play.", valueName: "cue"), completion: .list(Cue.names))
    var name: String

    /// `{"cmd":"cue","cue":NAME}`.
    var request: Request { .cue(name) }
    /// "played hold".
    func render(_ reply: CuePlayed, in context: Context) -> String {
        ReplyText.cue(reply)
    }

    /// Like every request, but a cue the device could not play exits 1: it was not heard.
    func perform(in context: Context) -> ExitStatus {
        var unheard = false
        let status = context.exchange(request, as: CuePlayed.self) { reply in
            unheard = ReplyText.audioProblem(reply.audio) != nil
            return ReplyText.cue(reply)
        }
        return status == .success && unheard ? .refused : status
    }

    /// Runs in the real process and exits with the status.
    func run() throws {
        perform(in: .standard(connection)).exit()
    }
}

/// `relief-ctl safety`: hear and read the general safety notes.
struct Safety: ArgumentlessCommand {
    static let configuration = CommandConfiguration.protocolCommand("safety", discussion: """
            The notes come from the source articles: when to stop, who should not self-adjust, \
            when to see a professional. reliefd speaks them when voice is on and no session \
            runs; the first session ever opens with them too, and scheduled breaks wait until \
            they have been heard once.
            """)

    @OptionGroup var connection: ConnectionOptions

    /// The reply's type.
    typealias Reply = SafetyBriefing
    /// `{"cmd":"safety"}`.
    static let fixedRequest = Request.safety
    /// The notes as a list, then whether they are being said.
    static func text(for reply: SafetyBriefing, in context: Context) -> String {
        var lines = ["Safety notes:"]
        for note in reply.notes {
            let wrapped = Table.wrap(note, width: 76)
            for (index, text) in wrapped.enumerated() { lines.append((index == 0 ? "  - " : "    ") + text) }
        }
        if reply.spoken {
            lines.append("(reliefd is saying them now)")
        } else if let reason = reply.reason {
            lines.append("(not spoken: \(reason))")
        }
        return lines.joined(separator: "\n")
    }
}

/// `relief-ctl quit`: end the daemon, like `mpd --kill`.
struct Quit: ParsableCommand {
    static let configuration = CommandConfiguration.protocolCommand("quit", discussion: """
            Waits (up to --timeout) until the daemon has closed the connection, so a new reliefd \
            can start right after. Under systemd, reliefd.socket starts it again on the next command.
            """)

    @OptionGroup var connection: ConnectionOptions

    /// Runs in the real process and exits with the status.
    func run() throws {
        perform(in: .standard(connection)).exit()
    }

    /// Sends `quit`, prints the reply, and waits for the daemon to hang up.
    func perform(in context: Context) -> ExitStatus {
        let client: ControlClient
        switch context.connect() {
        case .connected(let connected): client = connected
        case .failed(let status): return status
        }
        defer { client.close() }
        do {
            let reply = try client.request(Request.quit)
            if context.json { context.console.line(reply.line) }
            guard reply.isOK else { return context.report(refusal: reply) }
            // The daemon closes every connection as it exits; nothing else is sent on this one.
            var incoming = try client.nextLine(timeout: context.timeout)
            while case .line = incoming { incoming = try client.nextLine(timeout: context.timeout) }
            if !context.json {
                let pid = (try? reply.decode(Quitting.self, context: "quit reply")).map { " (pid \($0.pid))" } ?? ""
                context.console.line(incoming == .closed ? "reliefd\(pid) has quit" : "reliefd\(pid) is quitting")
            }
            return .success
        } catch {
            return context.report(error)
        }
    }
}
