import Glibc
import ArgumentParser
import ReliefProtocol

/// `relief-ctl snooze DURATION|off`.
public struct Snooze: RequestCommand {
    /// The protocol's longest snooze: a day.
    public static let maximumSeconds = 86_400.0

    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Hold off scheduled posture breaks for a while, or turn the snooze off.",
        discussion: """
            DURATION is how long from now (30m, 1h, 1h30m; at most 24h); a new snooze replaces \
            the old one. off (or 0) ends the snooze. A scheduled break that is about to start \
            is cancelled too. Sessions you start yourself are never affected.
            """)

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// Seconds from now; 0 means off.
    @Argument(help: ArgumentHelp("How long, as a duration (30m, 1h), or off.", valueName: "duration|off"),
              transform: { text in text.lowercased() == "off" ? 0 : try DurationText.seconds(text) })
    public var seconds: Double
    /// ArgumentParser creates the command.
    public init() {}

    /// Keeps the amount inside the protocol's 0…86400.
    public func validate() throws {
        guard seconds >= 0, seconds <= Self.maximumSeconds else {
            throw ValidationError("snooze takes at most 24h (86400 s), not \(TimeText.decimal(seconds)) s; use off to end it")
        }
    }

    /// `{"cmd":"snooze","seconds":S}` (0 for off).
    public var request: JSONValue { ["cmd": "snooze", "seconds": .number(seconds)] }
    /// "scheduled breaks snoozed for 30:00 (until 14:32)" or "snooze off…".
    public func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        try ReplyText.snooze(reply, clock: context.clock)
    }
}

/// `relief-ctl history [--days N]`.
public struct History: RequestCommand {
    /// Help text.
    public static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Summarise your sessions: today, the last 7 days, the streak, and the sessions themselves.",
        discussion: """
            The summary always covers today and the last 7 days; --days picks how far back the \
            list of sessions goes (default 7, 1 to 3650). Sessions are listed oldest first with \
            start time (local), routine, outcome (completed, stopped, interrupted), length, \
            steps done, and whether the timer started them. The streak counts consecutive \
            days with at least one session.
            """)

    /// `--socket`, `--json`, `--timeout`.
    @OptionGroup public var connection: ConnectionOptions
    /// `--days N`.
    @Option(name: .long, help: ArgumentHelp("How many days of sessions to list, 1 to 3650. Default: 7.", valueName: "n"))
    public var days = 7
    /// ArgumentParser creates the command.
    public init() {}

    /// Keeps `--days` inside the protocol's 1…3650.
    public func validate() throws {
        guard (1...3650).contains(days) else { throw ValidationError("--days must be 1 to 3650, not \(days)") }
    }

    /// `{"cmd":"history","days":N,"utc_offset":S}`: this zone's offset now, so the daemon
    /// counts days as the listing shows them.
    public var request: JSONValue {
        ["cmd": "history", "days": .number(Double(days)), "utc_offset": .number(Double(Self.utcOffset()))]
    }

    /// Seconds east of UTC in this process's zone (`TZ`, /etc/localtime), now.
    public static func utcOffset() -> Int {
        var now = time(nil)
        var fields = tm()
        guard localtime_r(&now, &fields) != nil else { return 0 }
        return Int(fields.tm_gmtoff)
    }
    /// Summary and sessions.
    public func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        try HistoryText.render(reply, days: days, clock: context.clock)
    }
}
