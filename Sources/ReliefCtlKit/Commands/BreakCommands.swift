import Glibc
import ArgumentParser
import ReliefProtocol

/// `relief-ctl snooze DURATION|off`.
struct Snooze: RequestCommand {
    static let configuration = CommandConfiguration.protocolCommand("snooze", discussion: """
            DURATION is how long from now (30m, 1h, 1h30m; \(TableArgument.durationRange("snooze", "seconds"))); a new snooze replaces \
            the old one. off (or 0) ends the snooze. A scheduled break that is about to start \
            is cancelled too. Sessions you start yourself are never affected.
            """)

    @OptionGroup var connection: ConnectionOptions
    /// Seconds from now; 0 means off.
    @Argument(help: ArgumentHelp("How long, as a duration (30m, 1h), or off.", valueName: "duration|off"),
              transform: { text in text.lowercased() == "off" ? 0 : try DurationText.seconds(text) })
    var seconds: Double

    /// Keeps the amount inside the protocol's range (the command table's).
    func validate() throws {
        try TableArgument.checkDuration(seconds, "snooze", "seconds", hint: "; use off to end it")
    }

    /// `{"cmd":"snooze","seconds":S}` (0 for off).
    var request: Request { .snooze(seconds: seconds) }
    /// "scheduled breaks snoozed for 30:00 (until 14:32)" or "snooze off…".
    func render(_ reply: Snoozed, in context: Context) -> String {
        ReplyText.snooze(reply, clock: context.clock)
    }
}

/// `relief-ctl history [--days N]`.
struct History: RequestCommand {
    static let configuration = CommandConfiguration.protocolCommand("history", discussion: """
            The summary always covers today and the last 7 days; --days picks how far back the \
            list of sessions goes (default \(TableArgument.defaultText("history", "days")), \(TableArgument.wholeRange("history", "days"))). Sessions are listed oldest first with \
            start time (local), routine, outcome (completed, stopped, interrupted), length, \
            steps done, and whether the timer started them. The streak counts consecutive \
            days with at least one session.
            """)

    @OptionGroup var connection: ConnectionOptions
    /// `--days N`.
    @Option(name: .long, help: ArgumentHelp(
        "How many days of sessions to list, \(TableArgument.wholeRange("history", "days")). Default: \(TableArgument.defaultText("history", "days")).",
        valueName: "n"))
    var days = Request.defaultHistoryDays

    /// Keeps `--days` inside the protocol's range (the command table's).
    func validate() throws {
        try TableArgument.checkWhole(days, option: "--days", "history", "days")
    }

    /// `{"cmd":"history","days":N,"utc_offset":S}`: this zone's offset now, so the daemon
    /// counts days as the listing shows them.
    var request: Request { .history(days: days, utcOffset: Self.utcOffset()) }

    /// Seconds east of UTC in this process's zone (`TZ`, /etc/localtime), now.
    static func utcOffset() -> Int {
        var now = time(nil)
        var fields = tm()
        guard localtime_r(&now, &fields) != nil else { return 0 }
        return Int(fields.tm_gmtoff)
    }
    /// Summary and sessions.
    func render(_ reply: HistoryReport, in context: Context) -> String {
        HistoryText.render(reply, days: days, clock: context.clock)
    }
}
