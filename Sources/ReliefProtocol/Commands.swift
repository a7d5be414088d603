/// The command table and the limits it checks, each written once.
extension CommandSpec {
    /// Every command of the protocol, in the order docs/protocol.md lists them.
    public static let all: [CommandSpec] = [
        CommandSpec(name: "ping", arguments: [],
                    help: "Check that reliefd answers; print its version, pid and socket.") { _ in .ping },
        CommandSpec(name: "list", arguments: [],
                    help: "List the routines: name, title, duration (m:ss), source (builtin or user) and summary.") { _ in .list },
        CommandSpec(name: "show", arguments: [routine(.required)],
                    help: "Show a routine: its steps with how-to, times, reps and sides, and its cautions.") {
            .show(routine: $0.text("routine") ?? "")
        },
        CommandSpec(name: "start", arguments: [
            routine(.requiredUnless("scheduled")),
            ArgumentSpec("scheduled", .flag, .optional, default: .flag(false), valid: "true or false", placeholder: "true",
                         help: "start as the timer does: skipped when busy, snoozed, in a call, away or rested; the routine may then be left out (the configured break routine)"),
        ], help: "Start a routine now, or, when scheduled, a posture break as the timer does.") {
            .start(routine: $0.text("routine"), scheduled: $0.flag("scheduled"))
        },
        CommandSpec(name: "stop", arguments: [],
                    help: "Stop the session (recorded as stopped), or cancel a scheduled break that is about to start.") { _ in .stop },
        CommandSpec(name: "pause", arguments: [], help: "Pause the session; the timeline stops where it is until resume.") { _ in .pause },
        CommandSpec(name: "resume", arguments: [], help: "Resume a paused session where it stopped.") { _ in .resume },
        CommandSpec(name: "toggle", arguments: [], help: "Pause a running session, or resume a paused one (one key for both).") { _ in .toggle },
        CommandSpec(name: "skip", arguments: [], help: "Skip to the next step of the session.") { _ in .skip },
        CommandSpec(name: "back", arguments: [], help: "Go back one step in the session.") { _ in .back },
        CommandSpec(name: "extend", arguments: [
            ArgumentSpec("seconds", .number(Request.extendSeconds), .optional, default: .number(Request.defaultExtendSeconds),
                         valid: "a number of seconds, \(Wire.number(Request.extendSeconds.lowerBound)) ≤ seconds ≤ \(Wire.number(Request.extendSeconds.upperBound))",
                         placeholder: "S", help: "how much longer the current hold (or move) lasts"),
        ], help: "Hold the current position longer.") { .extend(seconds: $0.number("seconds")) },
        CommandSpec(name: "status", arguments: [],
                    help: "Show the session state, routine, step, phase, side, rep, times, snooze and audio device.") { _ in .status },
        CommandSpec(name: "subscribe", arguments: [],
                    help: "Answer once, then send an event line for every cue, state change and session end until the client closes.") { _ in .subscribe },
        CommandSpec(name: "cue", arguments: [
            ArgumentSpec("cue", .name, .required, valid: "a cue name such as \"hold\"", placeholder: "NAME",
                         help: "the cue to play"),
        ], help: "Play one cue tone now, to learn the sounds or check the audio device.") { .cue($0.text("cue") ?? "") },
        CommandSpec(name: "history", arguments: [
            ArgumentSpec("days", .wholeNumber(Request.historyDaysRange), .optional, default: .number(Double(Request.defaultHistoryDays)),
                         valid: "a whole number of days from \(Request.historyDaysRange.lowerBound) to \(Request.historyDaysRange.upperBound)",
                         placeholder: "N", help: "how many local days of sessions to list, today included"),
            ArgumentSpec("utc_offset", .wholeNumber(Request.utcOffsetRange), .optional,
                         valid: "the client's seconds east of UTC, \(Request.utcOffsetRange.lowerBound) to \(Request.utcOffsetRange.upperBound)",
                         placeholder: "S", help: "the client's seconds east of UTC, so days are the client's (default: the daemon's zone)"),
        ], help: "Summarise your sessions: today, the last 7 days, the streak, and the sessions themselves.") {
            .history(days: $0.wholeNumber("days") ?? Request.defaultHistoryDays, utcOffset: $0.wholeNumber("utc_offset"))
        },
        CommandSpec(name: "snooze", arguments: [
            ArgumentSpec("seconds", .number(Request.snoozeSeconds), .required,
                         valid: "a number of seconds from 0 (snooze off) to \(Wire.number(Request.snoozeSeconds.upperBound))",
                         placeholder: "N", help: "how long from now scheduled breaks are skipped; 0 turns the snooze off"),
        ], help: "Hold off scheduled posture breaks for a while, or turn the snooze off.") { .snooze(seconds: $0.number("seconds")) },
        CommandSpec(name: "reload", arguments: [],
                    help: "Reload routines and cue sounds from disk without disturbing a running session.") { _ in .reload },
        CommandSpec(name: "safety", arguments: [],
                    help: "Print the general safety notes, and have reliefd say them aloud.") { _ in .safety },
        CommandSpec(name: "quit", arguments: [],
                    help: "End reliefd cleanly: a running session is stopped and recorded as stopped.") { _ in .quit },
    ]

    /// The command named `name`, or nil.
    public static func named(_ name: String) -> CommandSpec? {
        all.first { $0.name == name }
    }

    /// Every command name, for `unknown-command` messages and completions.
    public static var names: [String] { all.map(\.name) }

    private static func routine(_ presence: ArgumentSpec.Presence) -> ArgumentSpec {
        ArgumentSpec("routine", .name, presence, valid: "a routine name such as \"wall-stretch\" (see the list command)",
                     placeholder: "NAME", help: "the routine's name, as list shows it")
    }
}

extension Request {
    /// The default of `extend`'s `seconds`.
    public static let defaultExtendSeconds = 10.0
    /// How much one `extend` may add: less than a second is no extension a person notices
    /// (5e-324 s was accepted once), more than ten minutes is another session.
    public static let extendSeconds = 1.0...600.0
    /// The smallest `extend`.
    public static var minimumExtendSeconds: Double { extendSeconds.lowerBound }
    /// The largest `extend`.
    public static var maximumExtendSeconds: Double { extendSeconds.upperBound }
    /// The default of `history`'s `days`.
    public static let defaultHistoryDays = 7
    /// The range of `history`'s `days`: ten years.
    public static let historyDaysRange = 1...3650
    /// The range of `history`'s `utc_offset`: every zone there is (±18 h).
    public static let utcOffsetRange = -64_800...64_800
    /// The range of `snooze`'s `seconds`: off to a day.
    public static let snoozeSeconds = 0.0...86_400.0
    /// The longest snooze.
    public static var maximumSnoozeSeconds: Double { snoozeSeconds.upperBound }
}
