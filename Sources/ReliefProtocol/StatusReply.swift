/// Where the daemon stands: the reply of `status` and of every session command, and the body
/// of `state` events.
///
/// Every key is always present; the ones that do not apply are null, so a client can print a
/// fixed layout.
public struct Status: Codable, Sendable, Equatable {
    /// `idle`, `running` or `paused`.
    public var state: String
    /// The running routine's name, or nil when idle.
    public var routine: String?
    /// The running routine's title, or nil when idle.
    public var title: String?
    /// The current step, or nil when idle.
    public var step: StepPosition?
    /// Routine seconds done (time scale 1).
    public var elapsed: Double
    /// Routine seconds to go (time scale 1).
    public var remaining: Double
    /// The routine's whole length (time scale 1), 0 when idle.
    public var duration: Double
    /// A scheduled break inside its warning window, or nil.
    public var pending: Pending?
    /// The active snooze, or nil.
    public var snooze: Snooze?
    /// The audio output's state.
    public var audio: Audio
    /// Hands-free control (MPRIS on the session bus); nil from a daemon that does not report it.
    public var media: Media?
    /// Whether sessions are being recorded; nil from a daemon that does not say.
    public var history: History?
    /// The daemon's `--time-scale`: real seconds per routine second. A client counting down
    /// between events (`follow`) advances routine time by `elapsed real seconds / timeScale`.
    public var timeScale: Double
    /// Why a paused session is paused when the person did not pause it: `sleep` (logind
    /// `PrepareForSleep`); nil otherwise.
    public var pausedFor: String?
    /// A scheduled break skipped for a call that will start after it, or nil.
    public var deferred: Deferred?
    /// The context checks at work (`in-call`, `away`, `natural-breaks`, `sleep`); empty
    /// when none is (breaks then start on the timer whatever the person does), and from an
    /// older daemon that does not report them.
    public var checks: [String] {
        get { reportedChecks ?? [] }
        set { reportedChecks = newValue }
    }
    /// `checks` as the daemon sent it: nil from a daemon older than the key, so a client can
    /// leave the line out rather than claim that no check is at work.
    public var reportedChecks: [String]?

    /// Creates a status.
    public init(state: String, routine: String?, title: String?, step: StepPosition?, elapsed: Double,
                remaining: Double, duration: Double, pending: Pending?, snooze: Snooze?, audio: Audio,
                timeScale: Double = 1, media: Media? = nil, pausedFor: String? = nil, deferred: Deferred? = nil, checks: [String] = [], history: History? = nil) {
        self.media = media
        self.pausedFor = pausedFor
        self.deferred = deferred
        self.reportedChecks = checks
        self.history = history
        self.state = state
        self.routine = routine
        self.title = title
        self.step = step
        self.elapsed = elapsed
        self.remaining = remaining
        self.duration = duration
        self.pending = pending
        self.snooze = snooze
        self.audio = audio
        self.timeScale = timeScale
        self.history = history
    }

    /// Whether history.jsonl can be written: when it cannot, sessions still run and their
    /// records wait in memory; `error` says why (read-only, full, a symlink…).
    public struct History: Codable, Sendable, Equatable {
        /// False while history cannot be written.
        public var ok: Bool
        /// What is wrong, or nil.
        public var error: String?

        /// Creates a history description.
        public init(ok: Bool, error: String?) {
            self.ok = ok
            self.error = error
        }

        enum CodingKeys: String, CodingKey { case ok, error }
    }

    /// The step a session is in.
    public struct StepPosition: Codable, Sendable, Equatable {
        /// Index of the step, from 0.
        public var index: Int
        /// Number of steps of the routine.
        public var count: Int
        /// The step's name.
        public var name: String
        /// `prepare`, `hold`, `release`, `rest`, `inhale`, `exhale`, `breath-pause` or `complete`.
        public var phase: String
        /// The side being worked, or nil for one-sided steps.
        public var side: String?
        /// Repetition (or breath), from 1.
        public var rep: Int
        /// Repetitions of the step.
        public var reps: Int
        /// Routine seconds (time scale 1) until the phase ends, time added by `extend`
        /// included; frozen while paused, 0 at `complete` (and from an older daemon).
        public var phaseRemaining: Double {
            get { reportedPhaseRemaining ?? 0 }
            set { reportedPhaseRemaining = newValue }
        }
        /// `phase_remaining` as the daemon sent it: nil from a daemon older than the key (or
        /// while a client does not know it), so the client counts nothing down.
        public var reportedPhaseRemaining: Double?

        /// Creates a step position.
        public init(index: Int, count: Int, name: String, phase: String, side: String?, rep: Int, reps: Int,
                    phaseRemaining: Double = 0) {
            self.index = index
            self.count = count
            self.name = name
            self.phase = phase
            self.side = side
            self.rep = rep
            self.reps = reps
            self.reportedPhaseRemaining = phaseRemaining
        }

        enum CodingKeys: String, CodingKey {
            case index, count, name, phase, side, rep, reps, reportedPhaseRemaining = "phase_remaining"
        }
    }

    /// A scheduled break that has played its warning and will begin unless stopped or snoozed.
    public struct Pending: Codable, Sendable, Equatable {
        /// The routine that will begin.
        public var routine: String
        /// When it begins (wall clock).
        public var startsUnix: Double

        /// Creates a pending break.
        public init(routine: String, startsUnix: Double) {
            self.routine = routine
            self.startsUnix = startsUnix
        }

        enum CodingKeys: String, CodingKey { case routine, startsUnix = "starts_unix" }
    }

    /// A scheduled break deferred until a call is over.
    public struct Deferred: Codable, Sendable, Equatable {
        /// The routine that will begin.
        public var routine: String
        /// Why it waits: `in-call`.
        public var reason: String
        /// When it begins (wall clock), or nil while the call goes on.
        public var startsUnix: Double?

        /// Creates a deferred break.
        public init(routine: String, reason: String, startsUnix: Double?) {
            self.routine = routine
            self.reason = reason
            self.startsUnix = startsUnix
        }

        enum CodingKeys: String, CodingKey { case routine, reason, startsUnix = "starts_unix" }
    }

    /// An active snooze: scheduled breaks are skipped until `untilUnix`.
    public struct Snooze: Codable, Sendable, Equatable {
        /// When the snooze ends (wall clock).
        public var untilUnix: Double
        /// Seconds until then.
        public var remaining: Double

        /// Creates a snooze description.
        public init(untilUnix: Double, remaining: Double) {
            self.untilUnix = untilUnix
            self.remaining = remaining
        }

        enum CodingKeys: String, CodingKey { case untilUnix = "until_unix", remaining }
    }

    /// The audio output as `status` reports it.
    public struct Audio: Codable, Sendable, Equatable {
        /// The ALSA PCM name.
        public var device: String
        /// False while the device cannot be used; sessions then run on silently.
        public var ok: Bool
        /// What is wrong, or nil.
        public var error: String?

        /// Creates an audio description.
        public init(device: String, ok: Bool, error: String?) {
            self.device = device
            self.ok = ok
            self.error = error
        }

        enum CodingKeys: String, CodingKey { case device, ok, error }
    }

    /// Hands-free control as `status` reports it.
    public struct Media: Codable, Sendable, Equatable {
        /// True while reliefd is the MPRIS player `org.mpris.MediaPlayer2.relief` on the session
        /// bus, so media keys, headset buttons and playerctl reach it.
        public var active: Bool
        /// Why it is not active (no session bus, the name is taken), or nil.
        public var error: String?
        /// Whether playing media players are paused for a session (`[media] pause_others`).
        public var pauseOthers: Bool

        /// Creates a media description.
        public init(active: Bool, error: String?, pauseOthers: Bool) {
            self.active = active
            self.error = error
            self.pauseOthers = pauseOthers
        }

        enum CodingKeys: String, CodingKey { case active, error, pauseOthers = "pause_others" }
    }

    enum CodingKeys: String, CodingKey {
        case state, routine, title, step, elapsed, remaining, duration, pending, snooze, audio, media
        case timeScale = "time_scale", pausedFor = "paused_for", deferred, checks, history
    }

    /// Decodes a status; a missing `time_scale` (an older daemon) reads as 1, a missing `media`
    /// as nil. The nested objects are read before the plain numbers, so a malformed one is
    /// named even when numbers are missing too.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(String.self, forKey: .state)
        routine = try c.decodeIfPresent(String.self, forKey: .routine)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        step = try c.decodeIfPresent(StepPosition.self, forKey: .step)
        pending = try c.decodeIfPresent(Pending.self, forKey: .pending)
        snooze = try c.decodeIfPresent(Snooze.self, forKey: .snooze)
        // Absent from an older daemon's status: no context checks.
        deferred = try c.decodeIfPresent(Deferred.self, forKey: .deferred)
        audio = try c.decode(Audio.self, forKey: .audio)
        media = try c.decodeIfPresent(Media.self, forKey: .media)
        history = try c.decodeIfPresent(History.self, forKey: .history)
        elapsed = try c.decode(Double.self, forKey: .elapsed)
        remaining = try c.decode(Double.self, forKey: .remaining)
        duration = try c.decode(Double.self, forKey: .duration)
        timeScale = try c.decodeIfPresent(Double.self, forKey: .timeScale) ?? 1
        pausedFor = try c.decodeIfPresent(String.self, forKey: .pausedFor)
        reportedChecks = try c.decodeIfPresent([String].self, forKey: .checks)
    }

    /// Encodes every field, nulls included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(routine, forKey: .routine)
        try c.encode(title, forKey: .title)
        try c.encode(step, forKey: .step)
        try c.encode(elapsed, forKey: .elapsed)
        try c.encode(remaining, forKey: .remaining)
        try c.encode(duration, forKey: .duration)
        try c.encode(pending, forKey: .pending)
        try c.encode(snooze, forKey: .snooze)
        try c.encode(audio, forKey: .audio)
        try c.encode(media, forKey: .media)
        try c.encode(timeScale, forKey: .timeScale)
        try c.encode(pausedFor, forKey: .pausedFor)
        try c.encode(deferred, forKey: .deferred)
        try c.encode(checks, forKey: .checks)
        // Left out, not null, when the daemon does not say (as before the key existed).
        if let history { try c.encode(history, forKey: .history) }
    }
}
