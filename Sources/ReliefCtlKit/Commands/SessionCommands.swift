import ArgumentParser
import ReliefProtocol

/// `relief-ctl start [NAME] [--scheduled]`.
struct Start: RequestCommand {
    static let configuration = CommandConfiguration.protocolCommand("start", discussion: """
            Without --scheduled the routine starts at once; when a session already runs the \
            daemon refuses (exit 1, busy). With --scheduled (relief-break.service's call) the \
            break starts only when no session runs and breaks are not snoozed: reliefd plays \
            the warning cue and starts after a short moment in which stop or snooze cancel it. \
            A skipped scheduled start exits 0 and says why. With --scheduled the routine \
            may be left out: the daemon's configured break routine is used.
            """)

    @OptionGroup var connection: ConnectionOptions
    /// The routine; optional with `--scheduled`.
    @Argument(help: ArgumentHelp("The routine's name, as relief-ctl list shows it. Required unless --scheduled.", valueName: "routine"),
              completion: .shellCommand("relief-ctl list --names 2>/dev/null"))
    var routine: String?
    /// `--scheduled`.
    @Flag(name: .long, help: "Start as a scheduled break: skipped when busy, snoozed, in a call (then deferred until after it), away or rested, announced by the warning cue. Default: off.")
    var scheduled = false

    /// A routine name is needed unless the start is scheduled.
    func validate() throws {
        if routine == nil, !scheduled {
            throw ValidationError("start needs a routine name (relief-ctl list shows them), or --scheduled for the configured break")
        }
    }

    /// `{"cmd":"start","routine":NAME}`, plus `"scheduled":true` with `--scheduled`.
    var request: Request { .start(routine: routine, scheduled: scheduled) }

    /// "started wall-stretch (2:51)", or when a scheduled break starts, or why it was skipped.
    func render(_ reply: Started, in context: Context) throws(MalformedReply) -> String {
        try ReplyText.start(reply)
    }
}

/// `relief-ctl stop`.
struct Stop: SteeringCommand {
    // Stop also cancels a pending scheduled break, so "no session runs" would not be true.
    static let configuration = CommandConfiguration.protocolCommand(
        "stop", discussion: "Refused with not-running (exit 1) when there is nothing to stop.")
    @OptionGroup var connection: ConnectionOptions
    static let fixedRequest = Request.stop
}

// The commands that steer a session, one a line: each is named after its request, gets the
// session's status back and is refused (exit 1) when no session runs (`SteeringCommand`).
struct Pause: SteeringCommand { @OptionGroup var connection: ConnectionOptions; static let fixedRequest = Request.pause }
struct Resume: SteeringCommand { @OptionGroup var connection: ConnectionOptions; static let fixedRequest = Request.resume }
struct Toggle: SteeringCommand { @OptionGroup var connection: ConnectionOptions; static let fixedRequest = Request.toggle }
struct Skip: SteeringCommand { @OptionGroup var connection: ConnectionOptions; static let fixedRequest = Request.skip }
struct Back: SteeringCommand { @OptionGroup var connection: ConnectionOptions; static let fixedRequest = Request.back }

/// `relief-ctl extend [DURATION]`.
struct Extend: RequestCommand {
    static let configuration = CommandConfiguration.protocolCommand("extend", discussion: "Lengthens the current hold by DURATION: default \(TableArgument.defaultText("extend", "seconds")) seconds, "
            + "\(TableArgument.durationRange("extend", "seconds")). Refused (exit 1) when no session runs or it is not in a hold.")
    @OptionGroup var connection: ConnectionOptions
    /// How much longer.
    @Argument(help: ArgumentHelp("How much longer, as a duration (10, 30s, 1m). Default: \(TableArgument.defaultText("extend", "seconds")) seconds.",
                                 valueName: "duration"),
              transform: { try DurationText.seconds($0) })
    var seconds: Double = Request.defaultExtendSeconds

    /// Keeps the amount inside the protocol's range (the command table's).
    func validate() throws {
        try TableArgument.checkDuration(seconds, "extend", "seconds")
    }

    /// `{"cmd":"extend","seconds":S}`.
    var request: Request { .extend(seconds: seconds) }
    /// The session after the extension, as one line.
    func render(_ reply: ReliefProtocol.Status, in context: Context) -> String {
        StatusText.summary(reply)
    }
}
