import ReliefDaemon

/// What logind and Mutter said about the person, combined into a `Presence`. Pure: the
/// clock is a parameter.
public struct PresenceReading: Sendable, Equatable {
    /// logind session `LockedHint`; nil when no session was found.
    public var locked: Bool?
    /// logind session `IdleHint`.
    public var idleHint: Bool?
    /// logind session `IdleSinceHintMonotonic`, µs of CLOCK_MONOTONIC (0: unknown).
    public var idleSinceMonotonicMicros: UInt64?
    /// Mutter `IdleMonitor.GetIdletime`, ms since the last input; nil without Mutter.
    public var mutterIdleMilliseconds: UInt64?
    /// Since when (monotonic seconds) Mutter's idle watch says the person is idle; nil while
    /// active or unknown.
    public var mutterIdleSince: Double?

    /// Idle shorter than this is typing or reading, not a rest.
    public static let shortestIdle = 1.0

    /// Creates a reading.
    public init(locked: Bool? = nil, idleHint: Bool? = nil, idleSinceMonotonicMicros: UInt64? = nil,
                mutterIdleMilliseconds: UInt64? = nil) {
        self.locked = locked
        self.idleHint = idleHint
        self.idleSinceMonotonicMicros = idleSinceMonotonicMicros
        self.mutterIdleMilliseconds = mutterIdleMilliseconds
    }

    /// The presence at monotonic instant `now`, or nil when neither service said anything.
    /// Idle since the earlier of logind's and Mutter's instants: GNOME and KDE leave logind's
    /// hint unset, and a stale hint only ever makes a rest look longer than Mutter says.
    public func presence(now: Double) -> Presence? {
        guard locked != nil || idleHint != nil || mutterIdleMilliseconds != nil || mutterIdleSince != nil else { return nil }
        var since: [Double] = []
        if idleHint == true {
            let micros = idleSinceMonotonicMicros ?? 0
            since.append(micros > 0 ? min(now, Double(micros) / 1e6) : now)
        }
        if let idle = mutterIdleMilliseconds.map({ Double($0) / 1000 }), idle >= Self.shortestIdle {
            since.append(now - idle)
        }
        if let watched = mutterIdleSince { since.append(min(now, watched)) }
        return Presence(locked: locked ?? false, idleSince: since.min())
    }
}
