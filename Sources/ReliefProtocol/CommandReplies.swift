/// The reply of `ping`.
public struct Pong: Codable, Sendable, Equatable {
    /// The daemon's version.
    public var version: String
    /// The daemon's process id.
    public var pid: Int
    /// Creates the reply body.
    public init(version: String, pid: Int) {
        self.version = version
        self.pid = pid
    }
}

/// The reply of `start`: the session that began (or will begin after the warning), or why a
/// scheduled start was skipped.
public struct Started: Codable, Sendable, Equatable {
    /// `busy` or `snoozed` when a scheduled start was skipped; then every other field is nil.
    public var skipped: String?
    /// The routine started.
    public var routine: String?
    /// Its length at time scale 1.
    public var duration: Double?
    /// Whether this was the timer's call.
    public var scheduled: Bool?
    /// Real seconds until the first cue: 0, or the warning window of a scheduled start
    /// (already multiplied by the daemon's time scale).
    public var startsIn: Double?

    /// A start that happened (or is pending its warning).
    public init(routine: String, duration: Double, scheduled: Bool, startsIn: Double) {
        self.routine = routine
        self.duration = duration
        self.scheduled = scheduled
        self.startsIn = startsIn
    }

    /// A scheduled start that was skipped because of `reason` (`busy` or `snoozed`).
    public init(skipped reason: String) { skipped = reason }

    enum CodingKeys: String, CodingKey {
        case skipped, routine, duration, scheduled, startsIn = "starts_in"
    }
}

/// The reply of `subscribe`, before the events.
public struct Subscribed: Codable, Sendable, Equatable {
    /// Always true.
    public var subscribed: Bool
    /// Creates the reply body.
    public init() { subscribed = true }
}

/// The reply of `cue`.
public struct CuePlayed: Codable, Sendable, Equatable {
    /// The cue played.
    public var cue: String
    /// Creates the reply body.
    public init(cue: String) { self.cue = cue }
}

/// The reply of `snooze`.
public struct Snoozed: Codable, Sendable, Equatable {
    /// The snooze now active, or nil when it was turned off.
    public var snooze: Status.Snooze?
    /// Creates the reply body.
    public init(snooze: Status.Snooze?) { self.snooze = snooze }

    enum CodingKeys: String, CodingKey { case snooze }

    /// Encodes `snooze`, null when off.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(snooze, forKey: .snooze)
    }
}

/// The reply of `quit`, sent before the daemon exits.
public struct Quitting: Codable, Sendable, Equatable {
    /// Always true.
    public var quitting: Bool
    /// The process id of the daemon that is ending.
    public var pid: Int
    /// Creates the reply body.
    public init(pid: Int) {
        quitting = true
        self.pid = pid
    }
}

/// The reply of `reload`.
public struct Reloaded: Codable, Sendable, Equatable {
    /// How many routines are now available.
    public var routines: Int
    /// Files that could not be used, as `PATH:LINE:COLUMN: what is wrong`.
    public var problems: [String]
    /// Creates the reply body.
    public init(routines: Int, problems: [String]) {
        self.routines = routines
        self.problems = problems
    }
}
