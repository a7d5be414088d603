/// A refusal from reliefd in relief-ctl's words.
///
/// The daemon's messages are written for every client, so their hints quote the wire
/// protocol (`stop it first with {"cmd":"stop"}`) for socat users. relief-ctl replaces such a
/// hint with the relief-ctl command that does the same, chosen by the error code, and leaves
/// the rest of the message as the daemon wrote it.
public enum RefusalText {
    /// The text after `relief-ctl: ` for a refusal with `code` and `message`, e.g.
    /// `"wall-stretch" is already running or about to begin; stop it first with `relief-ctl stop``.
    public static func text(code: String?, message: String?, socketPath: String) -> String {
        var text = message ?? "reliefd refused the command"
        // The clause that quotes a request, or lists every routine, gives way to our hint.
        if let cut = text.ranges(of: "; ").last,
           text[cut.upperBound...].contains("{\"cmd\"") || text[cut.upperBound...].hasPrefix("the routines are") {
            text = String(text[..<cut.lowerBound])
        }
        switch code {
        case "busy": return text + "; stop it first with `relief-ctl stop`"
        case "not-running": return text + "; start one with `relief-ctl start NAME` (`relief-ctl list` shows the routines)"
        case "unknown-routine" where !text.contains("did you mean"):
            return text + "; `relief-ctl list` shows the routines"
        case "forbidden": return text + "; the daemon on \(socketPath) belongs to another user"
        default: return text
        }
    }
}
