/// Runs the simplest invocations without ArgumentParser, so `relief-ctl status` starts in
/// about a millisecond.
///
/// ArgumentParser builds its command tree by reflection and checks for completion-script
/// requests on every run; that costs more than connecting and formatting together. The
/// common calls — an argument-less command (``ArgumentlessCommand``) with at most `--json`
/// and `--socket PATH` — are recognised here; anything else (help, other options, repeats,
/// arguments, typos) goes to ArgumentParser, which gives the usual messages. A test checks
/// that both read every accepted command line the same way.
public enum FastStart {
    /// The commands this path runs.
    static let commands: [any ArgumentlessCommand.Type] = [
        Ping.self, Status.self, Stop.self, Pause.self, Resume.self, Toggle.self, Skip.self, Back.self, Reload.self,
        Safety.self,
    ]

    /// A recognised command line.
    struct Match {
        /// The command to run.
        let command: any ArgumentlessCommand.Type
        /// `--socket`, if given.
        let socket: String?
        /// `--json`, if given.
        let json: Bool
    }

    /// Recognises `arguments` (without the program name), or nil to leave them to
    /// ArgumentParser.
    static func match(_ arguments: [String]) -> Match? {
        var command: (any ArgumentlessCommand.Type)?
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
            } else {
                // By the request's name (each of these commands is named after it): reading
                // ArgumentParser's `configuration` here cost more than the whole exchange.
                guard command == nil, let found = commands.first(where: { $0.fixedRequest.command == argument }) else {
                    return nil
                }
                command = found
            }
        }
        // Leave odd paths ("", "-x") to ArgumentParser, which has opinions about them.
        if let socket, socket.isEmpty || socket.hasPrefix("-") { return nil }
        return command.map { Match(command: $0, socket: socket, json: json) }
    }

    /// Runs `arguments` if this path recognises them (and then exits); returns otherwise.
    public static func runIfPossible(_ arguments: [String]) {
        guard let match = match(arguments) else { return }
        let context = Context.standard(socket: match.socket, json: match.json, timeout: ConnectionOptions.defaultTimeout)
        match.command.perform(in: context).exit()
    }
}
