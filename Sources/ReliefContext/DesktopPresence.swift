import Logging
import ReliefBus
import ReliefDaemon
import Synchronization
import ReliefSystem

/// Presence and sleep on a Linux desktop: logind's session hints and `PrepareForSleep` on the
/// system bus, GNOME's idle time from Mutter on the session bus. Either may be missing.
public final class DesktopPresence: PresenceSource, @unchecked Sendable {  // both parts are thread-safe
    private let logind: LogindSession
    private let mutter: MutterIdleMonitor
    /// What both said last, between snapshots.
    private let last = Mutex(PresenceReading())

    /// Watches the system bus `environment` names (`DBUS_SYSTEM_BUS_ADDRESS`) for logind, and
    /// the daemon's session-bus connection (given to `start`) for Mutter, whose idle watch
    /// counts a rest from `restSeconds` without input.
    public init(environment: [String: String], restSeconds: Double, logger: Logger) {
        logind = LogindSession(environment: environment, logger: logger)
        mutter = MutterIdleMonitor(restSeconds: restSeconds, logger: logger)
    }

    public var activeChecks: [String] {
        let logindChecks = logind.available.withLock { $0 }
        var names: [String] = []
        if logindChecks.away || mutter.isAvailable { names.append("away") }
        if logindChecks.sleep { names.append("sleep") }
        return names
    }

    public func start(sessionBus: BusConnection?, _ handler: @escaping @Sendable (ContextEvent) -> Void) {
        logind.start(sleep: { handler(.sleep($0)) }, hints: { [weak self] hints in
            guard let self else { return }
            publish(handler) { reading in
                reading.locked = hints.locked
                reading.idleHint = hints.idleHint
                reading.idleSinceMonotonicMicros = hints.idleSinceMonotonicMicros
            }
        })
        mutter.start(on: sessionBus) { [weak self] restBegan in
            guard let self else { return }
            publish(handler) { $0.mutterIdleSince = restBegan }
        }
    }

    /// Both asked now, each bounded to half a second.
    public func current() -> Presence? {
        var reading = logind.read(timeout: 0.5) ?? PresenceReading()
        reading.mutterIdleMilliseconds = mutter.idleMilliseconds(timeout: 0.5)
        return reading.presence(now: monotonicSeconds())
    }

    public func stop() {
        logind.stop()
        mutter.stop()
    }

    private func publish(_ handler: @Sendable (ContextEvent) -> Void, _ change: (inout PresenceReading) -> Void) {
        let reading = last.withLock { reading in
            change(&reading)
            return reading
        }
        if let presence = reading.presence(now: monotonicSeconds()) { handler(.presence(presence)) }
    }
}
