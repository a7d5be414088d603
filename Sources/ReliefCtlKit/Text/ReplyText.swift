import ReliefProtocol

/// One-line confirmations for the commands whose replies are short.
public enum ReplyText {
    /// `ping`: "reliefd 0.1.0, pid 1234, on /run/user/1000/relief/control.sock".
    public static func ping(_ reply: Pong, path: String) -> String {
        "reliefd \(reply.version), pid \(reply.pid), on \(path)"
    }

    /// `start`: "started wall-stretch (2:51)", "posture-break starts in 0:10 (3:30)", or why a
    /// scheduled start was skipped.
    public static func start(_ reply: Started) throws(MalformedReply) -> String {
        if let skipped = reply.skipped {
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
        // Without `skipped`, the protocol promises the routine and its length.
        guard let routine = reply.routine else {
            throw MalformedReply(description: "start reply: 'routine' is missing (expected a string)")
        }
        guard let duration = reply.duration else {
            throw MalformedReply(description: "start reply: 'duration' is missing (expected a number)")
        }
        let length = TimeText.clock(duration)
        let startsIn = reply.startsIn ?? 0
        if startsIn > 0 {
            let kind = reply.scheduled == true ? "scheduled break " : ""
            return "\(kind)\(routine) starts in \(TimeText.countdown(startsIn)) (\(length)); relief-ctl stop cancels it"
                + silence(reply.audio)
        }
        return "started \(routine) (\(length))" + silence(reply.audio)
    }

    /// `cue`: "played hold", or "hold not heard: device …" when the device cannot play.
    public static func cue(_ reply: CuePlayed) -> String {
        if let problem = audioProblem(reply.audio) { return "\(reply.cue) not heard: \(problem)" }
        return "played \(reply.cue)"
    }

    /// What is wrong with the audio device when a reply says it cannot play, else nil.
    public static func audioProblem(_ audio: ReliefProtocol.Status.Audio?) -> String? {
        guard let audio, !audio.ok else { return nil }
        return audio.error ?? "device \"\(audio.device)\" cannot play"
    }

    /// "\n(no sound: …)" after a start whose device cannot play; empty otherwise.
    static func silence(_ audio: ReliefProtocol.Status.Audio?) -> String {
        guard let problem = audioProblem(audio) else { return "" }
        return "\nno sound: \(problem); the session runs on silently (relief-ctl status shows the device)"
    }

    /// `snooze`: "scheduled breaks snoozed for 30:00 (until 14:32)" or "snooze off".
    public static func snooze(_ reply: Snoozed, clock: WallClock) -> String {
        guard let snooze = reply.snooze else { return "snooze off: scheduled breaks start again" }
        let until = clock.local(snooze.untilUnix).hourMinute
        return "scheduled breaks snoozed for \(TimeText.countdown(snooze.remaining)) (until \(until))"
    }

    /// `reload`: "reloaded 27 routines", then each problem on its own line.
    public static func reload(_ reply: Reloaded) -> String {
        var lines = ["reloaded \(TimeText.count(reply.routines, "routine"))"]
        if !reply.problems.isEmpty {
            lines[0] += "; \(TimeText.count(reply.problems.count, "problem")):"
            lines += reply.problems.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
