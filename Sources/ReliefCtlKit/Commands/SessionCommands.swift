import ArgumentParser
import ReliefProtocol

/// `relief-ctl start [NAME] [--scheduled]`.
public struct Start: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: abstract(of: "start"),
        discussion: """
            Without --scheduled the routine starts at once; when a session already runs the \
            daemon refuses (exit 1, busy). With --scheduled (relief-break.service's call) the \
            break starts only when no session runs and breaks are not snoozed: reliefd plays \
            the warning cue and starts after a short moment in which stop or snooze cancel it. \
            A skipped scheduled start exits 0 and says why. With --scheduled the routine \
            may be left out: the daemon's configured break routine is used.
            """)

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// The routine; optional with `--scheduled`.
    @Argument(help: ArgumentHelp("The routine's name, as relief-ctl list shows it. Required unless --scheduled.", valueName: "routine"),
              completion: .shellCommand("relief-ctl list --names 2>/dev/null"))
    public var routine: String?
    /// `--scheduled`.
    @Flag(name: .long, help: "Start as a scheduled break: skipped when busy, snoozed, in a call (then deferred until after it), away or rested, announced by the warning cue. Default: off.")
    public var scheduled = false
    /// ArgumentParser creates the command.
    public init() {}

    /// A routine name is needed unless the start is scheduled.
    public func validate() throws {
        if routine == nil, !scheduled {
            throw ValidationError("start needs a routine name (relief-ctl list shows them), or --scheduled for the configured break")
        }
    }

    /// `{"cmd":"start","routine":NAME}`, plus `"scheduled":true` with `--scheduled`.
    public var request: Request { .start(routine: routine, scheduled: scheduled) }

    /// "started wall-stretch (2:51)", or when a scheduled break starts, or why it was skipped.
    public func render(_ reply: Started, in context: Context) throws(MalformedReply) -> String {
        try ReplyText.start(reply)
    }
}

/// `relief-ctl stop`.
public struct Stop: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: abstract(of: "stop"),
        discussion: "Refused with not-running (exit 1) when there is nothing to stop.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"stop"}`.
    public static let fixedRequest = Request.stop
}

/// `relief-ctl pause`.
public struct Pause: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: abstract(of: "pause"),
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"pause"}`.
    public static let fixedRequest = Request.pause
}

/// `relief-ctl resume`.
public struct Resume: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: abstract(of: "resume"),
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"resume"}`.
    public static let fixedRequest = Request.resume
}

/// `relief-ctl toggle`.
public struct Toggle: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "toggle",
        abstract: abstract(of: "toggle"),
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"toggle"}`.
    public static let fixedRequest = Request.toggle
}

/// `relief-ctl skip`.
public struct Skip: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: abstract(of: "skip"),
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"skip"}`.
    public static let fixedRequest = Request.skip
}

/// `relief-ctl back`.
public struct Back: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "back",
        abstract: abstract(of: "back"),
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"back"}`.
    public static let fixedRequest = Request.back
}

/// `relief-ctl extend [DURATION]`.
public struct Extend: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: abstract(of: "extend"),
        discussion: "Lengthens the current hold by DURATION: default \(TableArgument.defaultText("extend", "seconds")) seconds, "
            + "\(TableArgument.durationRange("extend", "seconds")). Refused (exit 1) when no session runs or it is not in a hold.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// How much longer.
    @Argument(help: ArgumentHelp("How much longer, as a duration (10, 30s, 1m). Default: \(TableArgument.defaultText("extend", "seconds")) seconds.",
                                 valueName: "duration"),
              transform: { try DurationText.seconds($0) })
    public var seconds: Double = Request.defaultExtendSeconds
    /// ArgumentParser creates the command.
    public init() {}

    /// Keeps the amount inside the protocol's range (the command table's).
    public func validate() throws {
        try TableArgument.checkDuration(seconds, "extend", "seconds")
    }

    /// `{"cmd":"extend","seconds":S}`.
    public var request: Request { .extend(seconds: seconds) }
    /// The session after the extension, as one line.
    public func render(_ reply: ReliefProtocol.Status, in context: Context) -> String {
        StatusText.summary(reply)
    }
}
