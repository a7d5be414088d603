/// One-line confirmations for the commands whose replies are short.
public enum ReplyText {
    /// `ping`: "reliefd 0.1.0, pid 1234, on /run/user/1000/relief/control.sock".
    public static func ping(_ reply: ReplyFields, path: String) throws(MalformedReply) -> String {
        var text = "reliefd \(try reply.string("version"))"
        if let pid = try reply.optionalInteger("pid") { text += ", pid \(pid)" }
        return text + ", on \(path)"
    }

    /// `start`: "started wall-stretch (2:51)", "posture-break starts in 0:10 (3:30)", or why a
    /// scheduled start was skipped.
    public static func start(_ reply: ReplyFields) throws(MalformedReply) -> String {
        if let skipped = try reply.optionalString("skipped") {
            switch skipped {
            case "busy": return "scheduled break skipped: a session is already running"
            case "snoozed": return "scheduled break skipped: breaks are snoozed (relief-ctl snooze off to resume them)"
            case "in-call":
                return "scheduled break deferred: a microphone or camera is in use; it starts once the call is over (relief-ctl stop cancels it)"
            case "away": return "scheduled break skipped: you are away (screen locked or idle)"
            case "rested":
                return "scheduled break skipped: you rested for a break's length since the last one (recorded in the history)"
            case "briefing": return "scheduled break skipped: the safety notes have not been heard yet (run relief-ctl safety)"
            default: return "scheduled break skipped: \(skipped)"
            }
        }
        let routine = try reply.string("routine")
        let length = TimeText.clock(try reply.number("duration"))
        let startsIn = try reply.optionalNumber("starts_in") ?? 0
        if startsIn > 0 {
            let kind = try reply.flag("scheduled", default: false) ? "scheduled break " : ""
            return "\(kind)\(routine) starts in \(TimeText.countdown(startsIn)) (\(length)); relief-ctl stop cancels it"
                + (try silence(reply))
        }
        return "started \(routine) (\(length))" + (try silence(reply))
    }

    /// `cue`: "played hold", or "hold not heard: device …" when the device cannot play.
    public static func cue(_ reply: ReplyFields) throws(MalformedReply) -> String {
        let cue = try reply.string("cue")
        if let problem = try audioProblem(reply) { return "\(cue) not heard: \(problem)" }
        return "played \(cue)"
    }

    /// What is wrong with the audio device when a reply says it cannot play, else nil.
    public static func audioProblem(_ reply: ReplyFields) throws(MalformedReply) -> String? {
        guard let audio = try reply.optionalObject("audio"), !(try audio.flag("ok", default: true)) else { return nil }
        if let error = try audio.optionalString("error") { return error }
        return "device \"\(try audio.string("device"))\" cannot play"
    }

    /// "\n(no sound: …)" after a start whose device cannot play; empty otherwise.
    static func silence(_ reply: ReplyFields) throws(MalformedReply) -> String {
        guard let problem = try audioProblem(reply) else { return "" }
        return "\nno sound: \(problem); the session runs on silently (relief-ctl status shows the device)"
    }

    /// `snooze`: "scheduled breaks snoozed for 30:00 (until 14:32)" or "snooze off".
    public static func snooze(_ reply: ReplyFields, clock: WallClock) throws(MalformedReply) -> String {
        guard let snooze = try reply.optionalObject("snooze") else {
            return "snooze off: scheduled breaks start again"
        }
        let remaining = try snooze.number("remaining")
        let until = clock.local(try snooze.number("until_unix")).hourMinute
        return "scheduled breaks snoozed for \(TimeText.countdown(remaining)) (until \(until))"
    }

    /// `reload`: "reloaded 27 routines", then each problem on its own line.
    public static func reload(_ reply: ReplyFields) throws(MalformedReply) -> String {
        let count = try reply.integer("routines")
        let problems = try reply.strings("problems")
        var lines = ["reloaded \(TimeText.count(count, "routine"))"]
        if !problems.isEmpty {
            lines[0] += "; \(TimeText.count(problems.count, "problem")):"
            lines += problems.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
