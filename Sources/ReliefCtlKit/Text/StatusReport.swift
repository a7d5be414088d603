/// A STATUS reply (of `status`, `stop`, `pause`, … and of `state` events), checked and typed.
public struct StatusReport: Sendable, Equatable {
    /// Where the running session is.
    public struct Step: Sendable, Equatable {
        /// 0-based index of the step and how many the routine has.
        public var index, count: Int
        /// The step's name.
        public var name: String
        /// prepare, hold, move, release, rest, inhale, exhale, breath-pause or complete.
        public var phase: String
        /// `left`/`right` for sided steps.
        public var side: String?
        /// 1-based repetition and how many there are.
        public var rep, reps: Int
        /// Routine seconds until the phase ends (`phase_remaining`), when it was reported at
        /// ``StatusReport``'s instant; nil from a daemon that does not report it.
        public var phaseRemaining: Double?
    }

    /// A scheduled break inside its warning window.
    public struct Pending: Sendable, Equatable {
        /// The routine about to start.
        public var routine: String
        /// When it starts (Unix seconds).
        public var startsUnix: Double
    }

    /// An active snooze of scheduled breaks.
    public struct Snooze: Sendable, Equatable {
        /// When it ends (Unix seconds).
        public var untilUnix: Double
        /// Seconds left when the reply was made.
        public var remaining: Double
    }

    /// A scheduled break skipped for a call, waiting for the call to end.
    public struct Deferred: Sendable, Equatable {
        /// The routine that will start.
        public var routine: String
        /// When it starts (Unix seconds), or nil while the call goes on.
        public var startsUnix: Double?
    }

    /// The audio device and whether it works.
    public struct Audio: Sendable, Equatable {
        /// The ALSA PCM name.
        public var device: String
        /// False when the device failed; ``error`` says how.
        public var ok: Bool
        /// What went wrong, if anything.
        public var error: String?
    }

    /// Hands-free control (MPRIS on the session bus).
    public struct Media: Sendable, Equatable {
        /// Whether media keys, headset buttons and playerctl reach relief.
        public var active: Bool
        /// Why not, if not.
        public var error: String?
        /// Whether playing media players are paused for a session.
        public var pauseOthers: Bool
    }

    /// `idle`, `running` or `paused`.
    public var state: String
    /// The session's routine and its title; nil when idle.
    public var routine, title: String?
    /// The current step; nil when idle.
    public var step: Step?
    /// Routine seconds done, still to go, and in total.
    public var elapsed, remaining, duration: Double
    /// A scheduled break about to start.
    public var pending: Pending?
    /// The snooze, if one is active.
    public var snooze: Snooze?
    /// The audio device's state (absent from a daemon that does not report it).
    public var audio: Audio?
    /// Hands-free control (absent from a daemon that does not report it).
    public var media: Media?
    /// Why history cannot be written, or nil when it can (or the daemon does not say).
    public var historyError: String?
    /// Real seconds per routine second (`time_scale`, the daemon's `--time-scale`; 1 when
    /// absent): routine times count down `1 / timeScale` times as fast as the wall clock.
    public var timeScale: Double
    /// Why the session is paused when the person did not pause it (`sleep`).
    public var pausedFor: String?
    /// A break deferred past a call.
    public var deferred: Deferred?
    /// The context checks at work (nil from a daemon that does not report them).
    public var checks: [String]?

    /// Reads a STATUS object (a reply or a `state` event).
    public init(_ fields: ReplyFields) throws(MalformedReply) {
        state = try fields.string("state")
        routine = try fields.optionalString("routine")
        title = try fields.optionalString("title")
        if let step = try fields.optionalObject("step") {
            self.step = Step(index: try step.integer("index"), count: try step.optionalInteger("count") ?? 0,
                             name: try step.string("name"), phase: try step.string("phase"),
                             side: try step.optionalString("side"), rep: try step.optionalInteger("rep") ?? 1,
                             reps: try step.optionalInteger("reps") ?? 1,
                             phaseRemaining: try step.optionalNumber("phase_remaining"))
        }
        elapsed = try fields.optionalNumber("elapsed") ?? 0
        remaining = try fields.optionalNumber("remaining") ?? 0
        duration = try fields.optionalNumber("duration") ?? elapsed + remaining
        if let pending = try fields.optionalObject("pending") {
            self.pending = Pending(routine: try pending.string("routine"), startsUnix: try pending.number("starts_unix"))
        }
        if let snooze = try fields.optionalObject("snooze") {
            self.snooze = Snooze(untilUnix: try snooze.number("until_unix"), remaining: try snooze.number("remaining"))
        }
        let scale = try fields.optionalNumber("time_scale") ?? 1
        timeScale = scale.isFinite && scale > 0 ? scale : 1
        pausedFor = try fields.optionalString("paused_for")
        if let deferred = try fields.optionalObject("deferred") {
            self.deferred = Deferred(routine: try deferred.string("routine"), startsUnix: try deferred.optionalNumber("starts_unix"))
        }
        if fields.has("checks") { checks = try fields.strings("checks") }
        if let audio = try fields.optionalObject("audio") {
            self.audio = Audio(device: try audio.string("device"), ok: try audio.flag("ok", default: true),
                               error: try audio.optionalString("error"))
        }
        if let media = try fields.optionalObject("media") {
            self.media = Media(active: try media.flag("active", default: false), error: try media.optionalString("error"),
                               pauseOthers: try media.flag("pause_others", default: true))
        }
        if let history = try fields.optionalObject("history"), !(try history.flag("ok", default: true)) {
            historyError = try history.optionalString("error") ?? "cannot be written"
        }
    }

    /// True while a session runs or is paused.
    public var hasSession: Bool { state == "running" || state == "paused" }
}
