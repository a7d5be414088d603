import ReliefProtocol

/// Runs the simplest invocations without ArgumentParser, so `relief-ctl status` starts in
/// about a millisecond.
///
/// ArgumentParser builds its command tree by reflection and checks for completion-script
/// requests on every run; that costs more than connecting and formatting together. The
/// common calls — an argument-less command (``ArgumentlessCommand``) or `start ROUTINE`, with
/// at most `--json` and `--socket PATH` — are recognised here; anything else (help, other
/// options, repeats, more arguments, typos) goes to ArgumentParser, which gives the usual
/// messages. A test checks that both read every accepted command line the same way.
///
/// `start ROUTINE` is here because its time counts twice: the first cue of a session is due
/// a fixed lead after the daemon hears the request, and SPEC wants it within 30 ms of the
/// command's launch.
public enum FastStart {
    /// The commands this path runs.
    static let commands: [any ArgumentlessCommand.Type] = [
        Ping.self, Status.self, Stop.self, Pause.self, Resume.self, Toggle.self, Skip.self, Back.self, Reload.self,
        Safety.self,
    ]

    /// A recognised command line.
    struct Match {
        /// What to run.
        enum Action {
            /// An argument-less command.
            case argumentless(any ArgumentlessCommand.Type)
            /// `start ROUTINE`, not scheduled.
            case start(routine: String)
        }

        /// The command to run.
        let action: Action
        /// `--socket`, if given.
        let socket: String?
        /// `--json`, if given.
        let json: Bool

        /// The request the command sends.
        var request: Request {
            switch action {
            case .argumentless(let command): command.fixedRequest
            case .start(let routine): .start(routine: routine, scheduled: false)
            }
        }

        /// Sends the request and prints the reply as the command does (``Start/render(_:in:)``
        /// for a start).
        func perform(in context: Context) -> ExitStatus {
            switch action {
            case .argumentless(let command):
                command.perform(in: context)
            case .start:
                context.exchange(request, as: Started.self) { reply throws(MalformedReply) in try ReplyText.start(reply) }
            }
        }
    }

    /// Recognises `arguments` (without the program name), or nil to leave them to
    /// ArgumentParser.
    static func match(_ arguments: [String]) -> Match? {
        var action: Match.Action?
        var starting = false  // `start` seen, its routine not yet
        var socket: String?
        var json = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--json" {
                guard !json else { return nil }
                json = true
            } else if argument == "--socket" {
                guard socket == nil, index < arguments.count else { return nil }
                socket = arguments[index]
                index += 1
            } else if argument.hasPrefix("--socket=") {
                guard socket == nil else { return nil }
                socket = String(argument.dropFirst("--socket=".count))
            } else if starting {
                // A plain routine name; anything odder ("", "-x", "help") is ArgumentParser's.
                guard isPlainName(argument) else { return nil }
                action = .start(routine: argument)
                starting = false
            } else if action == nil, argument == "start" {
                starting = true
            } else {
                // By the request's name (each of these commands is named after it): reading
                // ArgumentParser's `configuration` here cost more than the whole exchange.
                guard action == nil, let found = commands.first(where: { $0.fixedRequest.command == argument }) else {
                    return nil
                }
                action = .argumentless(found)
            }
        }
        // Leave odd paths ("", "-x") to ArgumentParser, which has opinions about them.
        if let socket, socket.isEmpty || socket.hasPrefix("-") { return nil }
        guard !starting else { return nil }
        return action.map { Match(action: $0, socket: socket, json: json) }
    }

    /// Lowercase letters, digits and `-`, starting with a letter or digit: a routine name,
    /// and never an option or ArgumentParser's `help`.
    private static func isPlainName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: "-"), text != "help" else { return false }
        return text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
    }

    /// Runs `arguments` if this path recognises them (and then exits); returns otherwise.
    public static func runIfPossible(_ arguments: [String]) {
        guard let match = match(arguments) else { return }
        let context = Context.standard(socket: match.socket, json: match.json, timeout: ConnectionOptions.defaultTimeout)
        match.perform(in: context).exit()
    }
}
