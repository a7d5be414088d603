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
public struct Started: Codable, Sendable, Equatable, OmitsAbsentKeys {
    /// `busy`, `snoozed`, `in-call`, `away` or `rested` when a scheduled start was skipped
    /// (SPEC "Context-aware breaks"); then every other field is nil.
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
    /// The audio output when it cannot play (the session runs on silently), else nil.
    public var audio: Status.Audio?

    /// A start that happened (or is pending its warning).
    public init(routine: String, duration: Double, scheduled: Bool, startsIn: Double) {
        self.routine = routine
        self.duration = duration
        self.scheduled = scheduled
        self.startsIn = startsIn
    }

    /// A scheduled start that was skipped because of `reason`.
    public init(skipped reason: String) { skipped = reason }

    enum CodingKeys: String, CodingKey {
        case skipped, routine, duration, scheduled, startsIn = "starts_in", audio
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
public struct CuePlayed: Codable, Sendable, Equatable, OmitsAbsentKeys {
    /// The cue played.
    public var cue: String
    /// The audio output when it cannot play (nothing was heard), else nil.
    public var audio: Status.Audio?
    /// Creates the reply body.
    public init(cue: String, audio: Status.Audio? = nil) {
        self.cue = cue
        self.audio = audio
    }
}

/// The reply of `snooze`.
public struct Snoozed: Codable, Sendable, Equatable {
    /// The snooze now active, or nil when it was turned off.
    public var snooze: Status.Snooze?
    /// Creates the reply body.
    public init(snooze: Status.Snooze?) { self.snooze = snooze }

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

/// The reply of `safety`: the general safety notes, and whether they are being spoken.
public struct SafetyBriefing: Codable, Sendable, Equatable, OmitsAbsentKeys {
    /// Every general safety note, most urgent first.
    public var notes: [String]
    /// True when the voice is saying them now.
    public var spoken: Bool
    /// Why they are not spoken (voice off, espeak-ng missing, a session running); nil when spoken.
    public var reason: String?

    /// Creates the reply body.
    public init(notes: [String], spoken: Bool, reason: String? = nil) {
        self.notes = notes
        self.spoken = spoken
        self.reason = reason
    }
}
