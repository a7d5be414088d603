import ArgumentParser
import ReliefProtocol

/// `relief-ctl list`: the routines the daemon knows.
public struct List: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the routines: name, title, duration (m:ss), source (builtin or user) and summary.",
        discussion: "On a terminal, lines are cut to its width; piped, they stay whole.")

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// `--names`.
    @Flag(name: .long, help: "Print only the names, one per line (for scripts and shell completion). Default: off.")
    public var names = false
    /// ArgumentParser creates the command.
    public init() {}

    /// `{"cmd":"list"}`.
    public var request: JSONValue { ["cmd": "list"] }
    /// The table, or the names.
    public func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        if names { return try RoutineText.names(reply) }
        return try RoutineText.table(reply, width: context.console.isTerminal ? context.console.width - 1 : nil)
    }
}

/// `relief-ctl show NAME`: one routine in full.
public struct Show: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a routine: its steps with how-to, times, reps and sides, and its cautions.",
        discussion: "Times under a minute are in seconds (30 s), longer ones m:ss. Text is wrapped to the terminal's width, else to 80 columns.")

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// The routine.
    @Argument(help: ArgumentHelp("The routine's name, as relief-ctl list shows it.", valueName: "routine"),
              completion: .shellCommand("relief-ctl list --names 2>/dev/null"))
    public var routine: String
    /// ArgumentParser creates the command.
    public init() {}

    /// `{"cmd":"show","routine":NAME}`.
    public var request: JSONValue { ["cmd": "show", "routine": .string(routine)] }
    /// The routine in full.
    public func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        try RoutineText.detail(reply, width: max(40, context.console.width - 1))
    }
}

/// `relief-ctl reload`: re-read routines and sounds.
public struct Reload: ArgumentlessCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Reload routines and cue sounds from disk without disturbing a running session.",
        discussion: "Prints how many routines loaded and every file that has a problem (path:line:column: what is wrong). Same as sending reliefd SIGHUP, but reports the result.")

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}

    /// `{"cmd":"reload"}`.
    public static let fixedRequest: JSONValue = ["cmd": "reload"]
    /// The count and the problems.
    public static func text(for reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        try ReplyText.reload(reply)
    }
}
