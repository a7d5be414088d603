import ArgumentParser
import ReliefProtocol

/// `relief-ctl list`: the routines the daemon knows.
public struct List: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: abstract(of: "list"),
        discussion: "On a terminal, lines are cut to its width; piped, they stay whole.")

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// `--names`.
    @Flag(name: .long, help: "Print only the names, one per line (for scripts and shell completion). Default: off.")
    public var names = false
    /// ArgumentParser creates the command.
    public init() {}

    /// `{"cmd":"list"}`.
    public var request: Request { .list }
    /// The table, or the names.
    public func render(_ reply: RoutineList, in context: Context) -> String {
        if names { return RoutineText.names(reply) }
        return RoutineText.table(reply, width: context.console.isTerminal ? context.console.width - 1 : nil)
    }
}

/// `relief-ctl show NAME`: one routine in full.
public struct Show: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: abstract(of: "show"),
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
    public var request: Request { .show(routine: routine) }
    /// The routine in full.
    public func render(_ reply: RoutineShown, in context: Context) -> String {
        RoutineText.detail(reply, width: max(40, context.console.width - 1))
    }
}

/// `relief-ctl reload`: re-read routines and sounds.
public struct Reload: ArgumentlessCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: abstract(of: "reload"),
        discussion: "Prints how many routines loaded and every file that has a problem (path:line:column: what is wrong). Same as sending reliefd SIGHUP, but reports the result.")

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}

    /// The reply's type.
    public typealias Reply = Reloaded
    /// `{"cmd":"reload"}`.
    public static let fixedRequest = Request.reload
    /// The count and the problems.
    public static func text(for reply: Reloaded, in context: Context) -> String {
        ReplyText.reload(reply)
    }
}
