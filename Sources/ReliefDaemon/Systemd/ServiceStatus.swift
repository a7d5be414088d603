import ReliefProtocol
import Synchronization

/// What systemd learns about the daemon: `READY=1` once commands are served, a `STATUS=` line
/// for `systemctl --user status reliefd` whenever what it says changes, `RELOADING=1` around
/// a reload and `STOPPING=1` on shutdown.
///
/// Sends happen only on changes (never periodically), so an idle daemon stays at zero
/// wakeups. Outside systemd the notifier is disabled and every call does nothing.
public final class ServiceStatus: Sendable {
    private let notifier: SystemdNotifier
    /// The last `STATUS=` text sent, so a state event that changes nothing visible (a new
    /// phase in the same step) sends no datagram.
    private let lastText = Mutex<String?>(nil)

    /// Reports through `notifier`.
    public init(notifier: SystemdNotifier) {
        self.notifier = notifier
    }

    /// Commands are served: `READY=1` with the current status.
    public func ready(_ status: Status) {
        let text = Self.text(status)
        lastText.withLock { $0 = text }
        notifier.notify(.ready, .status(text))
    }

    /// The daemon's state changed: a new `STATUS=` line when its text differs.
    public func update(_ status: Status) {
        let text = Self.text(status)
        let changed = lastText.withLock { last -> Bool in
            guard last != text else { return false }
            last = text
            return true
        }
        if changed { notifier.notify(.status(text)) }
    }

    /// A reload begins (`RELOADING=1`); follow it with ``ready(_:)``.
    public func reloading() {
        notifier.notify(.reloading)
    }

    /// Shutdown begins (`STOPPING=1`).
    public func stopping() {
        notifier.notify(.stopping, .status("stopping"))
    }

    /// The one-line status systemd shows: `idle`, `running wall-stretch: step 2/5 Chest
    /// opener`, `paused wall-stretch: step 2/5 Chest opener`, `posture-break about to start`,
    /// then `breaks snoozed until 14:30` while a snooze is active (the scheduler publishes a
    /// state when it ends, so this never goes stale) and any audio trouble, separated by `; `.
    /// `localTime` turns a Unix instant into `HH:MM`.
    public static func text(_ status: Status, localTime: (Double) -> String = LocalClockText.hourMinute) -> String {
        var parts: [String] = []
        if let routine = status.routine, status.state != "idle" {
            var text = "\(status.state) \(routine)"
            if let step = status.step { text += ": step \(step.index + 1)/\(step.count) \(step.name)" }
            parts.append(text)
        } else if let pending = status.pending {
            parts.append("\(pending.routine) about to start")
        } else {
            parts.append(status.state)
        }
        if let snooze = status.snooze {
            parts.append("breaks snoozed until \(localTime(snooze.untilUnix))")
        }
        if !status.audio.ok {
            parts.append("audio: \(status.audio.error ?? "\(status.audio.device) not working")")
        }
        return parts.joined(separator: "; ")
    }
}
