/// One line a subscriber receives after `{"ok":true,"subscribed":true}`.
///
/// Encodes as an object whose `event` key says which kind it is; a state event carries the
/// same top-level fields as a `status` reply.
public enum Event: Codable, Sendable, Equatable {
    /// A cue was handed to the audio stream.
    case cue(CueEvent)
    /// The session's state, step or phase changed (or a pending break or snooze did).
    case state(Status)
    /// A session ended.
    case end(SessionEnd)
    /// An event this side does not know (from a newer daemon): its name, the rest ignored.
    case other(String)

    enum Key: String, CodingKey { case event }

    /// Decodes any event line; an unknown `event` is ``other(_:)``, so an older client keeps
    /// following a newer daemon.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        switch try c.decode(String.self, forKey: .event) {
        case "cue": self = .cue(try CueEvent(from: decoder))
        case "state": self = .state(try Status(from: decoder))
        case "end": self = .end(try SessionEnd(from: decoder))
        case let other: self = .other(other)
        }
    }

    /// Encodes `"event":KIND` followed by the event's fields.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .cue(let cue):
            try c.encode("cue", forKey: .event)
            try cue.encode(to: encoder)
        case .state(let status):
            try c.encode("state", forKey: .event)
            try status.encode(to: encoder)
        case .end(let end):
            try c.encode("end", forKey: .event)
            try end.encode(to: encoder)
        case .other(let name):
            try c.encode(name, forKey: .event)
        }
    }
}

/// A cue of the running session: what, where in the routine, and when it sounds.
public struct CueEvent: Codable, Sendable, Equatable {
    /// The cue's name, e.g. `hold`.
    public var cue: String
    /// The routine playing.
    public var routine: String
    /// Where in the routine the cue belongs.
    public var step: Step
    /// The wall-clock instant at which the timeline says the cue starts sounding (µs).
    public var plannedUnix: Double
    /// The daemon's estimate of when its first frame reaches the device, or nil when silent.
    public var onsetUnix: Double?

    /// Creates a cue event.
    public init(cue: String, routine: String, step: Step, plannedUnix: Double, onsetUnix: Double?) {
        self.cue = cue
        self.routine = routine
        self.step = step
        self.plannedUnix = plannedUnix
        self.onsetUnix = onsetUnix
    }

    /// The step a cue belongs to.
    public struct Step: Codable, Sendable, Equatable {
        /// Index of the step, from 0.
        public var index: Int
        /// The step's name.
        public var name: String
        /// The side, or nil for one-sided steps.
        public var side: String?
        /// Repetition (or breath), from 1.
        public var rep: Int
        /// The phase the cue opens (a tick or halfway keeps the current one).
        public var phase: String

        /// Creates a cue's step.
        public init(index: Int, name: String, side: String?, rep: Int, phase: String) {
            self.index = index
            self.name = name
            self.side = side
            self.rep = rep
            self.phase = phase
        }

        enum CodingKeys: String, CodingKey { case index, name, side, rep, phase }
    }

    enum CodingKeys: String, CodingKey { case cue, routine, step, plannedUnix = "planned_unix", onsetUnix = "onset_unix" }
}

/// The end of a session.
public struct SessionEnd: Codable, Sendable, Equatable {
    // Declared outcome first: decoding reads in this order, and the outcome is what a
    // client cannot do without.
    /// `completed`, `stopped` or `interrupted`.
    public var outcome: String
    /// The routine that ended.
    public var routine: String
    /// Creates an end event.
    public init(routine: String, outcome: String) {
        self.routine = routine
        self.outcome = outcome
    }
}
