import ArgumentParser
import ReliefProtocol

/// `relief-ctl start [NAME] [--scheduled]`.
public struct Start: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a routine now, or, with --scheduled, a posture break as the timer does.",
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
    public var request: JSONValue {
        var members: [String: JSONValue] = ["cmd": "start"]
        if let routine { members["routine"] = .string(routine) }
        if scheduled { members["scheduled"] = true }
        return .object(members)
    }

    /// "started wall-stretch (2:51)", or when a scheduled break starts, or why it was skipped.
    public func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        try ReplyText.start(reply)
    }
}

/// `relief-ctl stop`.
public struct Stop: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the session (recorded as stopped), or cancel a scheduled break that is about to start.",
        discussion: "Refused with not-running (exit 1) when there is nothing to stop.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"stop"}`.
    public static let fixedRequest: JSONValue = ["cmd": "stop"]
}

/// `relief-ctl pause`.
public struct Pause: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause the session; the timeline stops where it is until resume.",
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"pause"}`.
    public static let fixedRequest: JSONValue = ["cmd": "pause"]
}

/// `relief-ctl resume`.
public struct Resume: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused session where it stopped.",
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"resume"}`.
    public static let fixedRequest: JSONValue = ["cmd": "resume"]
}

/// `relief-ctl toggle`.
public struct Toggle: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "toggle",
        abstract: "Pause a running session, or resume a paused one (one key for both).",
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"toggle"}`.
    public static let fixedRequest: JSONValue = ["cmd": "toggle"]
}

/// `relief-ctl skip`.
public struct Skip: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "skip",
        abstract: "Skip to the next step of the session.",
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"skip"}`.
    public static let fixedRequest: JSONValue = ["cmd": "skip"]
}

/// `relief-ctl back`.
public struct Back: SteeringCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "back",
        abstract: "Go back one step in the session.",
        discussion: "Refused (exit 1) when no session runs.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// ArgumentParser creates the command.
    public init() {}
    /// `{"cmd":"back"}`.
    public static let fixedRequest: JSONValue = ["cmd": "back"]
}

/// `relief-ctl extend [DURATION]`.
public struct Extend: RequestCommand {
    /// The protocol's limit for one extension.
    public static let maximumSeconds = 600.0

    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Hold the current position longer.",
        discussion: "Lengthens the current hold by DURATION: default 10 seconds, more than 0 and at most 10m. Refused (exit 1) when no session runs or it is not in a hold.")
    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// How much longer.
    @Argument(help: ArgumentHelp("How much longer, as a duration (10, 30s, 1m). Default: 10 seconds.", valueName: "duration"),
              transform: { try DurationText.seconds($0) })
    public var seconds: Double = 10
    /// ArgumentParser creates the command.
    public init() {}

    /// Keeps the amount inside the protocol's 0 < s ≤ 600.
    public func validate() throws {
        guard seconds > 0, seconds <= Self.maximumSeconds else {
            throw ValidationError("extend takes more than 0 s and at most 10m (600 s), not \(TimeText.decimal(seconds)) s")
        }
    }

    /// `{"cmd":"extend","seconds":S}`.
    public var request: JSONValue { ["cmd": "extend", "seconds": .number(seconds)] }
    /// The session after the extension, as one line.
    public func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        StatusText.summary(try StatusReport(reply))
    }
}
