/// Why a scheduled start did not begin a break (SPEC "Context-aware breaks"), as the `start`
/// reply's `"skipped"` names it.
public enum SkipReason: String, Sendable, Equatable {
    /// A session is running or a break is in its warning window.
    case busy
    /// Breaks are snoozed.
    case snoozed
    /// A microphone or camera is in use; the break is deferred until the call is over.
    case inCall = "in-call"
    /// The screen is locked or the person has been idle for `away_minutes`.
    case away
    /// The person was idle or locked at least a break's length since the last break.
    case rested
}

/// What the person is doing, as the context checks last saw it. A check that is off or has
/// no answer leaves its value at "not known", which never skips a break.
public struct Presence: Sendable, Equatable {
    /// Whether the screen is locked (logind `LockedHint`).
    public var locked: Bool
    /// Since when (monotonic seconds) the person has been idle, or nil when active.
    public var idleSince: Double?

    /// Creates an observation.
    public init(locked: Bool = false, idleSince: Double? = nil) {
        self.locked = locked
        self.idleSince = idleSince
    }
}

/// The break policy of scheduled starts: which start is skipped and why, the break deferred
/// past a call, and natural breaks. Pure: every method takes `now` (monotonic seconds, the
/// scheduler's clock) and observations as values and returns what to do; the scheduler does
/// it. All durations here are real seconds (already multiplied by the time scale).
public struct BreakPolicy: Sendable, Equatable {
    /// The switches of `[breaks]`, in real seconds.
    public struct Settings: Sendable, Equatable {
        /// Skip (and defer) a scheduled break during a call.
        public var skipInCall: Bool
        /// Skip a scheduled break while the screen is locked or the person is idle.
        public var skipWhenAway: Bool
        /// Count a rest as long as the break as a break taken.
        public var naturalBreaks: Bool
        /// Idle this long counts as away.
        public var awaySeconds: Double
        /// A deferred break starts this long after the call ended.
        public var afterCallSeconds: Double

        /// Creates settings; the defaults are those of an empty reliefd.toml at time scale 1.
        public init(skipInCall: Bool = true, skipWhenAway: Bool = true, naturalBreaks: Bool = true,
                    awaySeconds: Double = 300, afterCallSeconds: Double = 120) {
            self.skipInCall = skipInCall
            self.skipWhenAway = skipWhenAway
            self.naturalBreaks = naturalBreaks
            self.awaySeconds = awaySeconds
            self.afterCallSeconds = afterCallSeconds
        }
    }

    /// A break skipped for a call, waiting for the call to end.
    public struct Deferred: Sendable, Equatable {
        /// The routine the timer asked for (nil: the configured break routine).
        public var routine: String?
        /// When it starts (monotonic), or nil while the call goes on.
        public var startsAt: Double?
    }

    /// What a scheduled start should do.
    public enum Verdict: Sendable, Equatable {
        /// Begin the break (its warning window first).
        case start
        /// Do not; `rested` means a natural break to record in history.
        case skip(SkipReason)
    }

    /// The settings in force.
    public var settings: Settings
    /// The break skipped for a call, if any.
    public private(set) var deferred: Deferred?
    /// Whether a call was seen at the last observation.
    public private(set) var inCall = false
    /// The last presence seen.
    public private(set) var presence = Presence()
    /// When the last break ended: rests count from here. Nil until the daemon has seen one
    /// (it is often started by the timer's own call), so a rest going on then counts whole.
    public private(set) var lastBreak: Double?
    /// The longest rest (idle or locked) that ended since `lastBreak`.
    public private(set) var longestRest: Double = 0
    /// When the current rest began (locked or idle), or nil while the person is active.
    public private(set) var restSince: Double?

    /// A policy that has seen no break yet.
    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    // MARK: Observations

    /// Records where the person is. A rest that ends is kept (its part after the last break)
    /// for the natural-break check.
    public mutating func observe(_ presence: Presence, now: Double) {
        self.presence = presence
        let resting = presence.locked || presence.idleSince != nil
        if resting {
            // Idle since an instant before the lock (or before we looked) starts the rest there.
            let began = min(presence.idleSince ?? now, restSince ?? now)
            restSince = began
        } else if let began = restSince {
            longestRest = max(longestRest, now - max(began, lastBreak ?? began))
            restSince = nil
        }
    }

    /// Records whether a call is going on. Returns the instant a deferred break is now due
    /// (the call just ended), or nil; a call starting again puts the deferred break back to
    /// waiting.
    public mutating func observeCall(_ active: Bool, now: Double) -> Double? {
        inCall = active
        guard deferred != nil else { return nil }
        if active {
            deferred?.startsAt = nil
            return nil
        }
        if deferred?.startsAt == nil { deferred?.startsAt = now + settings.afterCallSeconds }
        return deferred?.startsAt
    }

    /// Whether the person counts as away now: locked, or idle at least `awaySeconds`.
    public func isAway(now: Double) -> Bool {
        presence.locked || (presence.idleSince.map { now - $0 >= settings.awaySeconds } ?? false)
    }

    /// The longest rest since the last break, the one going on now included.
    public func rest(now: Double) -> Double {
        max(longestRest, restSince.map { now - max($0, lastBreak ?? $0) } ?? 0)
    }

    // MARK: Decisions

    /// The timer asks for a break of `length` real seconds. A break deferred earlier is
    /// superseded by this one (started, skipped or deferred anew).
    public mutating func scheduledStart(routine: String?, length: Double, busy: Bool, snoozed: Bool,
                                        now: Double) -> Verdict {
        deferred = nil
        if busy { return .skip(.busy) }
        if snoozed { return .skip(.snoozed) }
        if settings.skipInCall && inCall {
            deferred = Deferred(routine: routine, startsAt: nil)
            return .skip(.inCall)
        }
        if settings.skipWhenAway && isAway(now: now) { return .skip(.away) }
        if settings.naturalBreaks && rest(now: now) >= length {
            breakTaken(now: now)
            return .skip(.rested)
        }
        return .start
    }

    /// The deferred break's instant has come. Returns the verdict for it (the routine is in
    /// `deferred` until then): a new call puts it back to waiting, being away or busy drops it.
    public mutating func deferredDue(busy: Bool, snoozed: Bool, now: Double) -> (routine: String?, verdict: Verdict)? {
        guard let waiting = deferred, let startsAt = waiting.startsAt, startsAt <= now else { return nil }
        if inCall && settings.skipInCall {
            deferred?.startsAt = nil
            return nil
        }
        deferred = nil
        if busy { return (waiting.routine, .skip(.busy)) }
        if snoozed { return (waiting.routine, .skip(.snoozed)) }
        if settings.skipWhenAway && isAway(now: now) { return (waiting.routine, .skip(.away)) }
        return (waiting.routine, .start)
    }

    /// `stop`, `snooze` or sleep: the deferred break is dropped. Returns whether there was one.
    @discardableResult
    public mutating func cancelDeferred() -> Bool {
        defer { deferred = nil }
        return deferred != nil
    }

    /// A session ended (or a natural break was counted): rests count again from `now`.
    public mutating func breakTaken(now: Double) {
        lastBreak = now
        longestRest = 0
        if restSince != nil { restSince = now }
    }

    /// Changes the settings (reliefd.toml reloaded); turning the call check off drops a
    /// deferred break.
    public mutating func update(_ settings: Settings) {
        self.settings = settings
        if !settings.skipInCall { deferred = nil }
    }
}
