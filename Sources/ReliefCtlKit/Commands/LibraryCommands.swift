import ArgumentParser
import ReliefProtocol

/// `relief-ctl list`: the routines the daemon knows.
struct List: RequestCommand {
    static let configuration = CommandConfiguration.protocolCommand("list", discussion: "On a terminal, lines are cut to its width; piped, they stay whole.")

    @OptionGroup var connection: ConnectionOptions
    /// `--names`.
    @Flag(name: .long, help: "Print only the names, one per line (for scripts and shell completion). Default: off.")
    var names = false

    /// `{"cmd":"list"}`.
    var request: Request { .list }
    /// The table, or the names.
    func render(_ reply: RoutineList, in context: Context) -> String {
        if names { return RoutineText.names(reply) }
        return RoutineText.table(reply, width: context.console.isTerminal ? context.console.width - 1 : nil)
    }
}

/// `relief-ctl show NAME`: one routine in full.
struct Show: RequestCommand {
    static let configuration = CommandConfiguration.protocolCommand("show", discussion: "Times under a minute are in seconds (30 s), longer ones m:ss. Text is wrapped to the terminal's width, else to 80 columns.")

    @OptionGroup var connection: ConnectionOptions
    /// The routine.
    @Argument(help: ArgumentHelp("The routine's name, as relief-ctl list shows it.", valueName: "routine"),
              completion: .shellCommand("relief-ctl list --names 2>/dev/null"))
    var routine: String

    /// `{"cmd":"show","routine":NAME}`.
    var request: Request { .show(routine: routine) }
    /// The routine in full.
    func render(_ reply: RoutineShown, in context: Context) -> String {
        RoutineText.detail(reply, width: max(40, context.console.width - 1))
    }
}

/// `relief-ctl reload`: re-read routines and sounds.
struct Reload: ArgumentlessCommand {
    static let configuration = CommandConfiguration.protocolCommand("reload", discussion: "Prints how many routines loaded and every file that has a problem (path:line:column: what is wrong). Same as sending reliefd SIGHUP, but reports the result.")

    @OptionGroup var connection: ConnectionOptions

    /// The reply's type.
    typealias Reply = Reloaded
    /// `{"cmd":"reload"}`.
    static let fixedRequest = Request.reload
    /// The count and the problems.
    static func text(for reply: Reloaded, in context: Context) -> String {
        ReplyText.reload(reply)
    }
}
