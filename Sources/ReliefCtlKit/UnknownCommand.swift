import ArgumentParser
import ReliefProtocol

/// `relief-ctl strat …`: an unknown command name gets one guess instead of ArgumentParser's
/// "unexpected argument" (which does not say that the first word is the command).
public enum UnknownCommand {
    /// The command names relief-ctl knows, `help` included.
    public static var names: [String] {
        ReliefCtl.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
    }

    /// The error for `arguments` (without the program name) when the command word is not a
    /// command: "unknown command 'strat'; did you mean 'start'?"; nil when it is one, or
    /// when the line has no command word (options, help and typos in them are
    /// ArgumentParser's business, as is anything after an option other than --socket,
    /// --timeout and --json).
    public static func message(for arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--socket" || argument == "--timeout" {
                index += 1  // its value
            } else if argument == "--json" || argument.hasPrefix("--socket=") || argument.hasPrefix("--timeout=") {
                continue
            } else if argument.hasPrefix("-") {
                // Another option (--help, --version, completion requests, typos): whether it
                // takes a value is ArgumentParser's to know.
                return nil
            } else {
                guard !names.contains(argument) else { return nil }
                let guess = Suggestion.closest(to: argument, among: names.filter { $0 != "help" })
                    .map { "did you mean '\($0)'?" } ?? "`relief-ctl --help` lists the commands"
                return "unknown command '\(argument)'; \(guess)"
            }
        }
        return nil
    }

    /// Prints the error and exits 64 when `arguments` name no command; returns otherwise.
    public static func rejectIfUnknown(_ arguments: [String]) {
        guard let message = message(for: arguments) else { return }
        Console.standard(environment: [:]).error("relief-ctl: \(message)")
        ExitStatus.usage.exit()
    }
}
