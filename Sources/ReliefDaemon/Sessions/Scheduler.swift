import Dispatch
import Logging
import ReliefAudio
import ReliefBus
import ReliefCore
import ReliefProtocol

/// Runs sessions: owns the one running `Session` on a serial queue, arms one timer at each
/// deadline the session asks for, and performs the session's actions (cues to the player,
/// history lines, events).
///
/// What is decided lives in values told `now`: the `Session`, the `BreakWindow` (a scheduled
/// break's warning and the snooze), the `BreakPolicy`, the `EventFeed` (what subscribers
/// hear and when) and the `RoutineCache`. The scheduler keeps the queue, the timers and
/// `perform`. Deadlines always come from the session (its origin plus timeline offsets),
/// never from "now plus a gap", so timer latency never accumulates. An idle scheduler has no
/// timer and does no periodic work. Time comes from `clock`. Every public method may be
/// called from any thread.
public final class Scheduler: @unchecked Sendable {
    /// The queue that owns every piece of state below.
    public let queue = DispatchQueue(label: "relief.scheduler", qos: .userInteractive)
    /// Receives every event (cue, state, end); set once before the first command.
    public var onEvent: @Sendable (Event) -> Void = { _ in }
    /// Hands-free control's state for `status` (called on the scheduler's queue; must not
    /// wait for another queue); set once before the first command.
    public var mediaStatus: @Sendable () -> Status.Media? = { nil }

    var settings: Settings
    let clock: any SchedulerClock
    let player: any CuePlayer
    let history: HistoryStore
    private let zone: LocalDays
    let logger: Logger
    /// Spoken guidance; nil when voice is off (sessions play `Timeline(routine:)` as before).
    let voice: SessionVoice?
    /// The context checks (calls, presence, sleep); nil: breaks start on the timer alone.
    let context: (any BreakContext)?
    /// Which scheduled starts are skipped, and the break deferred past a call.
    var policy: BreakPolicy
    // The three timers below are made in `init` once `self` exists (their handlers hold it
    // weakly), hence the implicit unwrap; they are never nil afterwards.

    /// Armed at the deferred break's start once its call is over.
    var deferredTimer: (any WakeTimer)!
    /// Why the session was paused when the person did not pause it (`sleep`).
    var pausedFor: String?
    /// When the deferred break starts (wall clock), fixed when its timer is armed.
    var deferredStartsUnix: Double?
    /// Whether the safety briefing has been heard; nil: no briefing (tests of other things).
    let briefing: SafetyBriefingRecord?

    var routines: RoutineCache
    var running: RunningSession?
    /// A scheduled break in its warning window, and the snooze.
    var window = BreakWindow()
    /// Armed at the begin of the break in its warning window.
    var beginTimer: (any WakeTimer)!
    /// Fires once when a snooze ends, to publish the state without it.
    var snoozeTimer: (any WakeTimer)!
    var feed = EventFeed()
    var nextCueID: UInt64 = 0
    var nextToken = 0

    /// A scheduler playing through `player`, with routines from `routines` (loaded now) and
    /// sessions recorded in `history`, reading the time from `clock`.
    public init(settings: Settings, player: any CuePlayer, routines: any RoutineSource,
                history: HistoryStore, zone: LocalDays = .system, logger: Logger, voice: SessionVoice? = nil,
                context: (any BreakContext)? = nil, briefing: SafetyBriefingRecord? = nil,
                clock: any SchedulerClock = SystemClock()) {
        self.voice = voice
        self.context = context
        self.clock = clock
        policy = BreakPolicy(settings: Self.scaled(settings.checks, by: settings.timeScale))
        self.briefing = briefing
        self.settings = settings
        self.player = player
        self.routines = RoutineCache(source: routines, voice: voice, logger: logger)
        self.history = history
        self.zone = zone
        self.logger = logger
        snoozeTimer = clock.makeTimer(on: queue) { [weak self] in self?.snoozeEnded() }
        deferredTimer = clock.makeTimer(on: queue) { [weak self] in self?.deferredBreakDue() }
        beginTimer = clock.makeTimer(on: queue) { [weak self] in self?.warningElapsed() }
        queue.sync { _ = self.routines.load() }
    }

    /// Starts the context checks (once); `sessionBus` is the daemon's session-bus connection.
    public func startContext(sessionBus: BusConnection?) {
        context?.start(sessionBus: sessionBus) { [weak self] event in
            guard let self else { return }
            self.queue.async { self.contextChanged(event) }
        }
    }

    deinit {
        snoozeTimer.cancel()
        deferredTimer.cancel()
        beginTimer.cancel()
    }

    // MARK: Commands (any thread)

    /// Where things stand.
    /// Asking is also when history that could not be written is tried again.
    public func status() -> Status {
        queue.sync {
            if history.problem != nil { history.retry() }
            return currentStatus(now: clock.now())
        }
    }

    /// Every routine, sorted by name.
    public func list() -> RoutineList { queue.sync { routines.list } }

    /// One routine with its steps and cautions.
    public func show(_ name: String) throws(ProtocolError) -> RoutineShown {
        try onQueue { () throws(CommandError) in try routines.shown(name) }
    }

    /// Starts `name` now, or — when `scheduled` — plays the warning and starts it after the
    /// warning window, unless a session runs or a snooze is active.
    public func start(routine name: String?, scheduled: Bool) throws(ProtocolError) -> Started {
        // A fresh look at the person before deciding, taken here: it may wait on D-Bus
        // (bounded), which the scheduler's queue must never do.
        let snapshot = scheduled ? context?.snapshot() : nil
        return try onQueue { () throws(CommandError) in
            let now = clock.now()
            if scheduled {
                if let reason = skipReason(routine: name, snapshot: snapshot, now: now) {
                    return Started(skipped: reason.rawValue)
                }
                // A break never comes before the safety notes were heard once: with a voice
                // the break itself opens with them; without one it waits for `safety`.
                if needsBriefing, voice?.canSpeak != true {
                    logger.notice("scheduled break skipped: the safety notes have not been heard yet; run relief-ctl safety")
                    return Started(skipped: "briefing")
                }
            } else if let busy = busyRoutine {
                throw .busy(routine: busy)
            }
            let entry = try routines.routine(named: name ?? settings.breakRoutine)
            let duration = routines.sessionTimeline(of: entry, briefing: needsBriefing).timeline.duration
            var started: Started
            if scheduled {
                let window = warn(entry, now: now)
                started = Started(routine: entry.routine.name, duration: duration, scheduled: true, startsIn: window)
            } else {
                begin(entry, scheduled: false)
                started = Started(routine: entry.routine.name, duration: duration, scheduled: false, startsIn: 0)
            }
            started.audio = unusableAudio()
            return started
        }
    }

    /// Ends the session as stopped, or cancels a pending scheduled one.
    public func stop() throws(ProtocolError) -> Status {
        try onQueue { () throws(CommandError) in
            let now = clock.now()
            let hadDeferred = cancelDeferredBreak()
            if window.pending != nil {
                cancelPending()
            } else if running != nil {
                let before = running!.session.position(now: now)
                guard let actions = try? running!.session.stop(now: now) else { throw .notRunning }
                perform(actions, before: before)
            } else if !hadDeferred {
                throw .notRunning
            }
            publishState(now: now)
            return currentStatus(now: now)
        }
    }

    /// Plays one cue by name, opening the device just for it when no session holds it open.
    public func cue(_ name: String) throws(ProtocolError) -> CuePlayed {
        try onQueue { () throws(CommandError) in
            guard let cue = Cue(rawValue: name) else { throw .unknownCue(name) }
            let alone = running == nil && window.pending == nil
            if alone { player.open() }
            nextCueID += 1
            player.schedule(cue, at: alone ? startInstant() : clock.now() + settings.cueLead, id: CueID(nextCueID)) { _ in }
            let audio = unusableAudio()
            if alone { player.close() }
            return CuePlayed(cue: name, audio: audio)
        }
    }

    /// The general safety notes: said now when voice can speak and nothing else plays, and
    /// from then on counted as heard (also when only printed: a person without voice reads them).
    public func safety() -> SafetyBriefing {
        queue.sync {
            let notes = SafetyNotes.general
            var reason: String?
            if running != nil || window.pending != nil {
                reason = "a session is running; they are not said over it"
            } else if voice == nil {
                reason = "spoken guidance is off (reliefd --voice off, [voice] enabled = false, or espeak-ng is missing)"
            } else if voice?.sayBriefing(lead: settings.cueLead + 0.2, clock: clock) != true {
                reason = "the audio output cannot play speech (reliefd --silent)"
            }
            if let problem = briefing?.markHeard() { logger.warning("\(problem)") }
            return SafetyBriefing(notes: notes, spoken: reason == nil, reason: reason)
        }
    }

    /// Skips scheduled breaks for `seconds` (0: snooze off); cancels a pending break.
    public func snooze(seconds: Double) -> Snoozed {
        queue.sync {
            let now = clock.now()
            // One wake-up when it ends, so subscribers (and systemd's STATUS=) learn it.
            carryOut(window.snooze(seconds: seconds, now: now, wallOffset: clock.wallOffset()))
            if seconds > 0 { cancelDeferredBreak() }
            publishState(now: now)
            return Snoozed(snooze: snoozeState(now: now))
        }
    }

    /// Sessions of the last `days` days and the summary, in days of the client's zone when it
    /// gives its UTC offset (else the daemon's), so the summary and its listing agree.
    public func history(days: Int, utcOffset: Int? = nil) -> HistoryReport {
        queue.sync { history.report(days: days, now: clock.unixNow(), zone: utcOffset.map(LocalDays.fixed) ?? zone) }
    }

    /// Re-reads routines and sounds; a running session keeps the routine it started with.
    public func reload() -> Reloaded {
        queue.sync {
            player.reloadSounds()
            return routines.load()
        }
    }

    /// Changes the break policy (reliefd.toml reloaded): the routine a scheduled start without
    /// one runs, and the warning window. A break already inside its window keeps its own.
    public func setBreaks(routine: String, warningSeconds: Double, checks: BreakPolicy.Settings? = nil) {
        queue.sync {
            settings.breakRoutine = routine
            settings.warningSeconds = warningSeconds
            if let checks {
                settings.checks = checks
                policy.update(Self.scaled(checks, by: settings.timeScale))
                if policy.deferred == nil { deferredTimer.arm(at: nil) }
                publishState(now: clock.now())
            }
        }
    }

    /// Publishes a state event if something outside the session changed what `status` says
    /// (hands-free control came or went).
    public func statusChanged() {
        queue.async { self.publishState(now: self.clock.now()) }
    }

    /// The settings in force (for logs and tests).
    public var currentSettings: Settings { queue.sync { settings } }

    /// Ends any session as stopped and records it (SIGTERM/SIGINT); returns when done.
    public func shutdown() {
        context?.stop()
        queue.sync {
            let now = clock.now()
            if window.pending != nil { cancelPending() }
            if running != nil {
                let before = running!.session.position(now: now)
                perform((try? running!.session.stop(now: now)) ?? [.finish(.stopped)], before: before)
            }
        }
    }

    // MARK: On the queue

    /// Runs `body` on the queue; a refusal becomes its wire error here, the one place.
    func onQueue<T>(_ body: () throws(CommandError) -> T) throws(ProtocolError) -> T {
        let result = queue.sync { Result { () throws(CommandError) -> T in try body() } }
        do throws(CommandError) {
            return try result.get()
        } catch {
            throw ProtocolError(error)
        }
    }

    private var busyRoutine: String? { running?.context.entry.routine.name ?? window.pending?.entry.routine.name }

    /// True until the safety briefing has been heard once (never without a record).
    var needsBriefing: Bool { briefing.map { !$0.heard } ?? false }
}
