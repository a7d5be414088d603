import Glibc
import ReliefProtocol

/// relief-ctl's exit codes (SPEC "relief-ctl"), following sysexits.h where one fits.
public enum ExitStatus: Int32, Sendable {
    /// Done; a scheduled start that the daemon skipped counts as success.
    case success = 0
    /// The daemon answered with an error (`busy`, `not-running`, …); its message is on stderr.
    case refused = 1
    /// The command line is wrong (EX_USAGE).
    case usage = 64
    /// The daemon cannot be reached (EX_UNAVAILABLE).
    case unreachable = 69
    /// The daemon's reply makes no sense (EX_SOFTWARE).
    case protocolError = 70
    /// `follow` ended by Ctrl-C on a terminal (128 + SIGINT, as shells report it).
    case interrupted = 130

    /// The status for a failure to talk to the daemon: unreachable, or a broken reply.
    public init(_ error: ClientError) {
        self = error.isUnreachable ? .unreachable : .protocolError
    }

    /// The status for a reply: success for `"ok": true`, refused otherwise.
    public init(_ reply: ControlClient.Reply) {
        self = reply.isOK ? .success : .refused
    }

    /// Ends the process with this status. Output is already written (``Console`` does not
    /// buffer); exiting here rather than throwing `ExitCode` skips ArgumentParser's error
    /// path, which builds help text nobody reads.
    public func exit() -> Never {
        Glibc.exit(rawValue)
    }
}
