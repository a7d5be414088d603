import ArgumentParser
import ReliefProtocol

/// `relief-ctl`: the command-line client of reliefd.
public struct ReliefCtl: ParsableCommand {
    /// Name, overview, subcommands, and the sections a man page would have.
    public static let configuration = CommandConfiguration(
        commandName: "relief-ctl",
        abstract: "Control reliefd, the daemon that guides stretching and posture breaks by sound.",
        // Lines are broken by hand (under 80 columns) so the sections keep their layout.
        discussion: """
            relief-ctl sends one command to reliefd over its control socket and prints
            the answer as text, or with --json exactly as the daemon sent it. Every
            command accepts --socket, --json and --timeout, before or after its name.

            SOCKET
              --socket PATH, else $RELIEF_SOCKET, else
              $XDG_RUNTIME_DIR/relief/control.sock, else /tmp/relief-$UID/control.sock.

            DURATIONS
              Seconds (30), or numbers with units h, m, s in that order:
              30s, 10m, 1h30m, 1.5m.

            EXIT STATUS
              0    success, including a scheduled start the daemon skipped (the
                   reason is printed)
              1    reliefd refused the command (busy, not running, unknown
                   routine, ...); its message is on stderr
              64   usage error: unknown command, bad option or argument
              69   reliefd cannot be reached: no socket, nobody listening,
                   permission denied, or no answer in time
              70   reliefd sent a reply relief-ctl cannot make sense of
              130  follow was interrupted with Ctrl-C on a terminal

            EXAMPLES
              relief-ctl start wall-stretch && relief-ctl follow
              relief-ctl snooze 1h
              relief-ctl --json status
            """,
        version: "relief-ctl \(Wire.version)",
        subcommands: [
            Ping.self, List.self, Show.self, Start.self, Stop.self, Pause.self, Resume.self, Toggle.self,
            Skip.self, Back.self, Extend.self, Status.self, Follow.self, Cue.self, History.self, Snooze.self,
            Reload.self, Safety.self, Quit.self,
        ]
    )

    /// Options given before the command name.
    @OptionGroup public var connection: ConnectionOptions

    /// ArgumentParser creates the command.
    public init() {}
}
