import Logging
import ReliefDaemon

/// Presence and sleep on a Linux desktop: logind's session hints and `PrepareForSleep` on the
/// system bus, GNOME's idle time from Mutter on the session bus. Either may be missing.
public final class DesktopPresence: PresenceSource, @unchecked Sendable {  // both parts are thread-safe
    private let logind: LogindSession
    private let mutter: MutterIdleMonitor

    /// Watches the buses `environment` names (`DBUS_SYSTEM_BUS_ADDRESS`, `DBUS_SESSION_BUS_ADDRESS`).
    public init(environment: [String: String], logger: Logger) {
        logind = LogindSession(environment: environment, logger: logger)
        mutter = MutterIdleMonitor(environment: environment, logger: logger)
    }

    public var activeChecks: [String] {
        let logindChecks = logind.available.withLock { $0 }
        var names: [String] = []
        if logindChecks.away || mutter.isAvailable { names.append("away") }
        if logindChecks.sleep { names.append("sleep") }
        return names
    }

    public func start(_ handler: @escaping @Sendable (ContextEvent) -> Void) {
        logind.start(handler)
        mutter.start()
    }

    /// Both asked now, each bounded to half a second.
    public func current() -> Presence? {
        var reading = logind.read(timeout: 0.5) ?? PresenceReading()
        reading.mutterIdleMilliseconds = mutter.idleMilliseconds(timeout: 0.5)
        return reading.presence(now: monotonicNow())
    }

    public func stop() {
        logind.stop()
        mutter.stop()
    }
}
