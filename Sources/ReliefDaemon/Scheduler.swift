import Dispatch
import Logging
import ReliefAudio
import ReliefBus
import ReliefCore
import ReliefProtocol
import ReliefVoice

/// What the scheduler needs to know beyond its collaborators.
public struct SchedulerSettings: Sendable {
    /// Multiplies every timeline gap and the warning window (`--time-scale`); tones keep their length.
    public var timeScale: Double
    /// The routine a scheduled start without a routine runs (the timer's break).
    public var breakRoutine: String
    /// Seconds (time scale 1) between the `warning` cue of a scheduled start and its begin cue,
    /// during which `stop` or `snooze` cancel it.
    public var warningSeconds: Double
    /// How far ahead of "now" a cue played on demand (`cue`, pause, resume, stop) and the
    /// first cue of a session are placed, so the stream can place them exactly rather than late.
    public var cueLead: Double
    /// The context checks of scheduled breaks (`[breaks]` skip_*, natural_breaks), their
    /// durations at time scale 1.
    public var checks: BreakPolicy.Settings

    /// Settings with the daemon's defaults.
    public init(timeScale: Double = 1, breakRoutine: String = "posture-break", warningSeconds: Double = 10,
                cueLead: Double = 0.02, checks: BreakPolicy.Settings = BreakPolicy.Settings()) {
        self.checks = checks
        self.timeScale = timeScale
        self.breakRoutine = breakRoutine
        self.warningSeconds = warningSeconds
        self.cueLead = cueLead
    }
}

/// Runs sessions: owns the one running `Session` on a serial queue, arms one timer at each
/// deadline the session asks for, and performs the session's actions (cues to the player,
/// history lines, events).
///
/// Deadlines always come from the session (its origin plus timeline offsets), never from
/// "now plus a gap", so timer latency never accumulates. An idle scheduler has no timer and
/// does no periodic work. Every public method may be called from any thread.
public final class Scheduler: @unchecked Sendable {
    /// The queue that owns every piece of state below.
    public let queue = DispatchQueue(label: "relief.scheduler", qos: .userInteractive)
    /// Receives every event (cue, state, end); set once before the first command.
    public var onEvent: @Sendable (Event) -> Void = { _ in }
    /// Hands-free control's state for `status` (called on the scheduler's queue; must not
    /// wait for another queue); set once before the first command.
    public var mediaStatus: @Sendable () -> Status.Media? = { nil }

    var settings: SchedulerSettings
    let player: any CuePlayer
    private let routines: any RoutineSource
    let history: HistoryStore
    private let zone: LocalDays
    let logger: Logger
    /// Spoken guidance; nil when voice is off (sessions play `Timeline(routine:)` as before).
    private let voice: SessionVoice?
    /// The context checks (calls, presence, sleep); nil: breaks start on the timer alone.
    let context: (any BreakContext)?
    /// Which scheduled starts are skipped, and the break deferred past a call.
    var policy: BreakPolicy
    /// Armed at the deferred break's start once its call is over.
    let deferredTimer: any DispatchSourceTimer
    /// Why the session was paused when the person did not pause it (`sleep`).
    var pausedFor: String?
    /// When the deferred break starts (wall clock), fixed when its timer is armed.
    var deferredStartsUnix: Double?
    /// Whether the safety briefing has been heard; nil: no briefing (tests of other things).
    let briefing: SafetyBriefingRecord?

    private var catalog = RoutineCatalog(routines: [:], problems: [])
    private var timelines: [String: Timeline] = [:]
    /// With voice: what each routine says, and the timeline with lead-ins it then plays.
    private var spokenTimelines: [String: SpokenTimeline] = [:]
    var running: RunningSession?
    var pending: PendingBreak?
    private var snooze: (until: Double, untilUnix: Double)?
    /// Fires once when a snooze ends, to publish the state without it.
    private let snoozeTimer: any DispatchSourceTimer
    private var lastState: StateSignature?
    private var nextCueID: UInt64 = 0
    private var nextToken = 0
    /// Cues handed to the player whose onset has not been reported yet, by session token.
    private var unsounded: [Int: [UInt64: Double]] = [:]
    /// End events held back until the session's last cues have sounded, by session token.
    private var heldEnds: [Int: SessionEnd] = [:]

    /// A scheduler playing through `player`, with routines from `routines` (loaded now) and
    /// sessions recorded in `history`.
    public init(settings: SchedulerSettings, player: any CuePlayer, routines: any RoutineSource,
                history: HistoryStore, zone: LocalDays = .system, logger: Logger, voice: SessionVoice? = nil,
                context: (any BreakContext)? = nil, briefing: SafetyBriefingRecord? = nil) {
        self.voice = voice
        self.context = context
        policy = BreakPolicy(settings: Self.scaled(settings.checks, by: settings.timeScale))
        deferredTimer = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
        self.briefing = briefing
        self.settings = settings
        self.player = player
        self.routines = routines
        self.history = history
        self.zone = zone
        self.logger = logger
        snoozeTimer = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
        snoozeTimer.setEventHandler { [weak self] in self?.snoozeEnded() }
        snoozeTimer.resume()
        deferredTimer.setEventHandler { [weak self] in self?.deferredBreakDue() }
        deferredTimer.resume()
        queue.sync { _ = loadRoutines() }
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
    }

    // MARK: Commands (any thread)

    /// Where things stand.
    /// Asking is also when history that could not be written is tried again.
    public func status() -> Status {
        queue.sync {
            if history.problem != nil { history.retry() }
            return currentStatus(now: MonotonicClock.now())
        }
    }

    /// Every routine, sorted by name.
    public func list() -> RoutineList {
        queue.sync {
            RoutineList(routines: catalog.routines.values.sorted { $0.routine.name < $1.routine.name }.map { entry in
                RoutineSummary(name: entry.routine.name, title: entry.routine.title, summary: entry.routine.summary,
                               duration: timeline(of: entry).duration, source: entry.origin)
            })
        }
    }

    /// One routine with its steps and cautions.
    public func show(_ name: String) throws(ProtocolError) -> RoutineShown {
        try onQueue { () throws(ProtocolError) in
            let entry = try routine(named: name)
            var detail = RoutineDescription.detail(of: entry, timeline: timeline(of: entry))
            detail.spoken = spokenTimelines[entry.routine.name].map(SessionVoice.script(of:))
            return RoutineShown(routine: detail)
        }
    }

    /// Starts `name` now, or — when `scheduled` — plays the warning and starts it after the
    /// warning window, unless a session runs or a snooze is active.
    public func start(routine name: String?, scheduled: Bool) throws(ProtocolError) -> Started {
        // A fresh look at the person before deciding, taken here: it may wait on D-Bus
        // (bounded), which the scheduler's queue must never do.
        let snapshot = scheduled ? context?.snapshot() : nil
        return try onQueue { () throws(ProtocolError) in
            let now = MonotonicClock.now()
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
                throw ProtocolError(.busy, "\"\(busy)\" is already running or about to begin; stop it first with {\"cmd\":\"stop\"}")
            }
            let entry = try routine(named: name ?? settings.breakRoutine)
            let duration = sessionTimeline(of: entry).timeline.duration
            var started: Started
            if scheduled {
                let window = beginWarning(entry, now: now)
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
        try onQueue { () throws(ProtocolError) in
            let now = MonotonicClock.now()
            let hadDeferred = cancelDeferredBreak()
            if pending != nil {
                cancelPending()
            } else if running != nil {
                let before = running!.session.position(now: now)
                guard let actions = try? running!.session.stop(now: now) else { throw Self.notRunning }
                perform(actions, before: before)
            } else if !hadDeferred {
                throw Self.notRunning
            }
            publishState(now: now)
            return currentStatus(now: now)
        }
    }

    /// Pauses the session (no change when already paused).
    public func pause() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.pause(now: now) } }
    /// Resumes the session (no change when not paused).
    public func resume() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.resume(now: now) } }
    /// Pauses or resumes the session.
    public func toggle() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.toggle(now: now) } }
    /// Jumps to the next step.
    public func skip() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.skip(now: now) } }
    /// Goes back a step.
    public func back() throws(ProtocolError) -> Status { try control { session, now throws(SessionError) in try session.back(now: now) } }
    /// Lengthens the current hold by `seconds` (time scale 1).
    public func extend(by seconds: Double) throws(ProtocolError) -> Status {
        try control { session, now throws(SessionError) in try session.extend(by: seconds, now: now) }
    }

    /// Plays one cue by name, opening the device just for it when no session holds it open.
    public func cue(_ name: String) throws(ProtocolError) -> CuePlayed {
        try onQueue { () throws(ProtocolError) in
            guard let cue = Cue(rawValue: name) else {
                let cues = Cue.allCases.map(\.rawValue)
                let guess = Suggestion.closest(to: name, among: cues).map { "did you mean '\($0)'? " } ?? ""
                throw ProtocolError(.badRequest, "unknown cue '\(name)'; \(guess)the cues are \(cues.joined(separator: ", "))")
            }
            let alone = running == nil && pending == nil
            if alone { player.open() }
            nextCueID += 1
            player.schedule(cue, at: MonotonicClock.now() + settings.cueLead, id: CueID(nextCueID)) { _ in }
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
            if running != nil || pending != nil {
                reason = "a session is running; they are not said over it"
            } else if voice == nil {
                reason = "spoken guidance is off (reliefd --voice off, [voice] enabled = false, or espeak-ng is missing)"
            } else if voice?.sayBriefing(now: MonotonicClock.now(), lead: settings.cueLead + 0.2) != true {
                reason = "the audio output cannot play speech (reliefd --silent)"
            }
            if let problem = briefing?.markHeard() { logger.warning("\(problem)") }
            return SafetyBriefing(notes: notes, spoken: reason == nil, reason: reason)
        }
    }

    /// Skips scheduled breaks for `seconds` (0: snooze off); cancels a pending break.
    public func snooze(seconds: Double) -> Snoozed {
        queue.sync {
            let now = MonotonicClock.now()
            if seconds > 0 {
                snooze = (now + seconds, Wire.unix(MonotonicClock.unixNow() + seconds))
                if pending != nil { cancelPending() }
                cancelDeferredBreak()
                // One wake-up when it ends, so subscribers (and systemd's STATUS=) learn it.
                snoozeTimer.schedule(deadline: MonotonicClock.dispatchTime(now + seconds), repeating: .never,
                                     leeway: .milliseconds(10))
            } else {
                snooze = nil
                snoozeTimer.schedule(deadline: .distantFuture, repeating: .never)
            }
            publishState(now: now)
            return Snoozed(snooze: snoozeState(now: now))
        }
    }

    /// Sessions of the last `days` days and the summary, in days of the client's zone when it
    /// gives its UTC offset (else the daemon's), so the summary and its listing agree.
    public func history(days: Int, utcOffset: Int? = nil) -> HistoryReport {
        queue.sync { history.report(days: days, now: MonotonicClock.unixNow(), zone: utcOffset.map(LocalDays.fixed) ?? zone) }
    }

    /// Re-reads routines and sounds; a running session keeps the routine it started with.
    public func reload() -> Reloaded {
        queue.sync {
            player.reloadSounds()
            return loadRoutines()
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
                if policy.deferred == nil { deferredTimer.schedule(deadline: .distantFuture, repeating: .never) }
                publishState(now: MonotonicClock.now())
            }
        }
    }

    /// Publishes a state event if something outside the session changed what `status` says
    /// (hands-free control came or went).
    public func statusChanged() {
        queue.async { self.publishState(now: MonotonicClock.now()) }
    }

    /// The settings in force (for logs and tests).
    public var currentSettings: SchedulerSettings { queue.sync { settings } }

    /// Ends any session as stopped and records it (SIGTERM/SIGINT); returns when done.
    public func shutdown() {
        context?.stop()
        queue.sync {
            let now = MonotonicClock.now()
            if pending != nil { cancelPending() }
            if running != nil {
                let before = running!.session.position(now: now)
                perform((try? running!.session.stop(now: now)) ?? [.finish(.stopped)], before: before)
            }
        }
    }

    // MARK: Session lifecycle (on queue)

    private static let notRunning = ProtocolError(
        .notRunning, "no session is running; start one with {\"cmd\":\"start\",\"routine\":NAME}")

    private var busyRoutine: String? { running?.context.entry.routine.name ?? pending?.entry.routine.name }

    private func onQueue<T>(_ body: () throws(ProtocolError) -> T) throws(ProtocolError) -> T {
        try queue.sync { Result { () throws(ProtocolError) -> T in try body() } }.get()
    }

    func routine(named name: String) throws(ProtocolError) -> CatalogRoutine {
        guard let entry = catalog.routines[name] else {
            // One guess when a name is close (`wal-stretch`); the whole list only when none is.
            let names = catalog.routines.keys.sorted()
            if let meant = Suggestion.closest(to: name, among: names) {
                throw ProtocolError(.unknownRoutine, "no routine '\(name)'; did you mean '\(meant)'?")
            }
            throw ProtocolError(.unknownRoutine, "no routine '\(name)'; the routines are \(names.joined(separator: ", "))")
        }
        return entry
    }

    func timeline(of entry: CatalogRoutine) -> Timeline {
        timelines[entry.routine.name] ?? Timeline(routine: entry.routine)
    }

    /// True until the safety briefing has been heard once (never without a record).
    private var needsBriefing: Bool { briefing.map { !$0.heard } ?? false }

    /// What a session of `entry` starting now plays: with a voice that can speak and the
    /// briefing not yet heard, the spoken timeline opened by the briefing; else as `show` says.
    private func sessionTimeline(of entry: CatalogRoutine) -> (timeline: Timeline, spoken: SpokenTimeline?, briefing: Bool) {
        if needsBriefing, let voice, voice.canSpeak {
            let spoken = voice.spoken(entry.routine, briefing: true)
            return (spoken.timeline, spoken, true)
        }
        let spoken = spokenTimelines[entry.routine.name]
        return (spoken?.timeline ?? timeline(of: entry), spoken, false)
    }

    private func loadRoutines() -> Reloaded {
        catalog = routines.load()
        spokenTimelines = voice.map { voice in catalog.routines.mapValues { voice.spoken($0.routine) } } ?? [:]
        timelines = catalog.routines.mapValues { spokenTimelines[$0.routine.name]?.timeline ?? Timeline(routine: $0.routine) }
        for problem in catalog.problems { logger.warning("routine not loaded: \(problem)") }
        logger.info("\(catalog.routines.count) routines available")
        return Reloaded(routines: catalog.routines.count, problems: catalog.problems)
    }

    /// Plays the warning and arms the begin of a scheduled break; returns the real seconds until it begins.
    func beginWarning(_ entry: CatalogRoutine, now: Double) -> Double {
        player.open()
        nextCueID += 1
        player.schedule(.warning, at: now + settings.cueLead, id: CueID(nextCueID)) { _ in }
        let window = settings.warningSeconds * settings.timeScale
        let beginsAt = now + settings.cueLead + window
        voice?.announceBreak(entry.routine, warningAt: now + settings.cueLead, beginsAt: beginsAt)
        let timer = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
        timer.setEventHandler { [weak self] in self?.warningElapsed() }
        timer.schedule(deadline: MonotonicClock.dispatchTime(beginsAt), repeating: .never, leeway: .nanoseconds(0))
        timer.resume()
        pending = PendingBreak(entry: entry, beginsUnix: Wire.unix(MonotonicClock.unixNow() + settings.cueLead + window),
                               timer: timer)
        logger.info("scheduled break \"\(entry.routine.name)\" begins in \(window) s")
        publishState(now: now)
        return settings.cueLead + window
    }

    private func warningElapsed() {
        guard let break_ = pending else { return }
        break_.timer.cancel()
        pending = nil
        begin(break_.entry, scheduled: true)
    }

    func cancelPending() {
        guard let break_ = pending else { return }
        break_.timer.cancel()
        pending = nil
        voice?.cancelBreak(now: MonotonicClock.now())
        player.close()
        logger.info("scheduled break \"\(break_.entry.routine.name)\" cancelled")
    }

    private func begin(_ entry: CatalogRoutine, scheduled: Bool) {
        nextToken += 1
        let context = SessionContext(token: nextToken, entry: entry, wallOffset: MonotonicClock.wallOffset())
        let timer = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
        let token = context.token
        timer.setEventHandler { [weak self] in self?.deadlineReached(token) }
        timer.resume()
        let phaseTimer = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
        phaseTimer.setEventHandler { [weak self] in self?.silentPhaseBegan(token) }
        phaseTimer.resume()
        // The timeline starts a cue lead from now, so its begin cue can be placed exactly on the
        // stream rather than played late; the session counts earlier calls as that instant.
        let now = MonotonicClock.now() + settings.cueLead
        let historyID = history.recordStart(routine: entry.routine.name, start: Wire.unix(now + context.wallOffset),
                                            scheduled: scheduled)
        player.open()
        let plays = sessionTimeline(of: entry)
        if plays.briefing { logger.info("the first session opens with the safety briefing") }
        running = RunningSession(context: context, session: Session(timeline: plays.timeline, timeScale: settings.timeScale),
                                 historyID: historyID, timer: timer, phaseTimer: phaseTimer,
                                 speech: plays.spoken.flatMap { voice?.guide(for: $0) }, briefing: plays.briefing)
        unsounded[token] = [:]
        logger.info("session \"\(entry.routine.name)\" started\(scheduled ? " (scheduled)" : "")")
        let before = running!.session.position(now: now)
        perform(running!.session.start(now: now), before: before)
        publishState(now: now)
    }

    private func deadlineReached(_ token: Int) {
        guard running?.context.token == token else { return }
        let now = MonotonicClock.now()
        let before = running!.session.position(now: now)
        perform(running!.session.advance(now: now), before: before)
    }

    /// The snooze is over: publish the state without it (a little past its end, since the
    /// timer may fire a hair early on the float clock).
    private func snoozeEnded() {
        guard let snooze else { return }
        let now = max(MonotonicClock.now(), snooze.until)
        if snooze.until <= now { self.snooze = nil }
        publishState(now: now)
    }

    /// A phase that no cue opens (a rest, a breathing pause) has begun: nothing else would
    /// tell subscribers, so publish the state now.
    private func silentPhaseBegan(_ token: Int) {
        guard let armed = running?.silentPhaseAt, running?.context.token == token else { return }
        running?.silentPhaseAt = nil
        // At least the armed instant: the timer may fire a hair early on the float clock.
        publishState(now: max(MonotonicClock.now(), armed + 1e-6))
    }

    /// Arms the phase timer at the next phase change when no cue marks it (see
    /// `silentPhaseBegan`); disarms it otherwise. Phase changes marked by a cue publish
    /// their state when the cue sounds. No timer runs while paused or idle.
    private func armSilentPhaseChange(now: Double) {
        guard let session = running?.session else { return }
        let change = session.phaseChange(after: now)
        let instant = change.flatMap { $0.hasCue ? nil : $0.instant }
        guard instant != running?.silentPhaseAt else { return }
        running?.silentPhaseAt = instant
        running?.phaseTimer.schedule(deadline: instant.map(MonotonicClock.dispatchTime) ?? .distantFuture,
                                     repeating: .never, leeway: .nanoseconds(0))
    }

    private func control(_ command: (inout Session, Double) throws(SessionError) -> [SessionAction]) throws(ProtocolError) -> Status {
        try onQueue { () throws(ProtocolError) in
            guard running != nil else { throw Self.notRunning }
            let now = MonotonicClock.now()
            let before = running!.session.position(now: now)
            let actions: [SessionAction]
            do throws(SessionError) {
                actions = try command(&running!.session, now)
            } catch {
                switch error {
                case .alreadyPaused, .notPaused:
                    return currentStatus(now: now)  // already where the client wants it: not an error
                case .notRunning:
                    throw Self.notRunning
                case .notInHold:
                    throw ProtocolError(.badRequest, "extend works during a hold or a move; the session is in its \(before.phase.rawValue) phase")
                case .invalidSeconds:
                    throw ProtocolError(.badRequest, "\"seconds\" must be \(Int(Request.minimumExtendSeconds)) ≤ seconds ≤ \(Int(Request.maximumExtendSeconds))")
                }
            }
            perform(actions, before: before)
            // The person has taken over: whatever paused it, it is now their pause (or none).
            pausedFor = nil
            publishState(now: now)
            return currentStatus(now: now)
        }
    }

    /// Performs the session's actions in order. `before` is the position before the session
    /// was told anything, used to record how far a finished session got. A list without
    /// `arm` means the session needs no wake-up (paused, or over): the timer is disarmed.
    func perform(_ actions: [SessionAction], before: SessionPosition) {
        guard let context = running?.context else { return }
        // Speech first: it must see a cancel before the player drops what was queued.
        running?.speech?.follow(actions, in: running!.session, now: MonotonicClock.now())
        if !actions.contains(where: { if case .arm = $0 { true } else { false } }) {
            running?.timer.schedule(deadline: .distantFuture, repeating: .never)
        }
        for action in actions {
            switch action {
            case .play(let timed, let instant):
                handToPlayer(timed.cue, at: instant, context: context, step: stepOf(timed, in: context))
            case .playNow(let cue):
                let step = CueEvent.Step(index: before.stepIndex, name: before.stepName, side: before.side,
                                         rep: before.rep, phase: before.phase.rawValue)
                handToPlayer(cue, at: MonotonicClock.now() + settings.cueLead, context: context, step: step)
            case .cancelScheduled(let instant):
                player.cancel(from: instant)
                unsounded[context.token] = unsounded[context.token]?.filter { $0.value < instant }
            case .arm(let deadline):
                running?.timer.schedule(deadline: MonotonicClock.dispatchTime(deadline), repeating: .never,
                                        leeway: .nanoseconds(0))
            case .finish(let outcome):
                finish(outcome, before: before)
            }
        }
        recordProgress(now: MonotonicClock.now())
    }

    /// Writes a progress line when the session has moved to another step, so a crash keeps
    /// how far it got (the next start marks it interrupted with that progress).
    private func recordProgress(now: Double) {
        guard let session = running?.session else { return }
        let position = session.position(now: now)
        guard position.stepIndex != running?.recordedStep else { return }
        running?.recordedStep = position.stepIndex
        history.recordProgress(id: running!.historyID, stepsDone: position.stepIndex, seconds: position.elapsed)
    }

    private func stepOf(_ timed: TimedCue, in context: SessionContext) -> CueEvent.Step {
        let steps = context.entry.routine.steps
        let name = steps.indices.contains(timed.stepIndex) ? steps[timed.stepIndex].name : ""
        return CueEvent.Step(index: timed.stepIndex, name: name, side: timed.side, rep: timed.rep, phase: timed.phase.rawValue)
    }

    private func handToPlayer(_ cue: Cue, at instant: Double, context: SessionContext, step: CueEvent.Step) {
        nextCueID += 1
        let id = nextCueID
        unsounded[context.token, default: [:]][id] = instant
        player.schedule(cue, at: instant, id: CueID(id)) { [weak self] onset in
            guard let self else { return }
            // A stream reports an onset when the cue's frames are written, up to a buffer
            // ahead of the instant; published then, a cue would reach subscribers before the
            // state changes that precede it. So it is published at its instant (at once when
            // that has passed), in the order things happen.
            self.queue.asyncAfter(deadline: MonotonicClock.dispatchTime(instant)) {
                self.sounded(id, cue: cue, at: instant, onset: onset, context: context, step: step)
            }
        }
    }

    /// A cue reached the device (or would have): publish it, then the state if the cue moved
    /// the session to another step or phase, then a held-back end event once nothing is left.
    private func sounded(_ id: UInt64, cue: Cue, at instant: Double, onset: Double?, context: SessionContext,
                         step: CueEvent.Step) {
        guard unsounded[context.token]?.removeValue(forKey: id) != nil else { return }  // cancelled meanwhile
        onEvent(.cue(CueEvent(cue: cue.rawValue, routine: context.entry.routine.name, step: step,
                              plannedUnix: Wire.unix(instant + context.wallOffset),
                              onsetUnix: onset.map { Wire.unix($0 + context.wallOffset) })))
        // A hair past the cue's instant: converting the instant back to a routine offset can land
        // a few ulps before the phase the cue begins, and the state would name the phase it ends.
        if running?.context.token == context.token {
            // The briefing is said before the first step's begin: once that sounds, it was heard.
            if running!.briefing, cue == .begin, step.index == 0, let problem = briefing?.markHeard() {
                logger.warning("\(problem)")
            }
            publishState(now: max(instant + 1e-6, MonotonicClock.now()))
        }
        releaseHeldEnd(context.token)
    }

    private func finish(_ outcome: Outcome, before: SessionPosition) {
        guard let ended = running else { return }
        running = nil
        pausedFor = nil
        policy.breakTaken(now: MonotonicClock.now())
        ended.timer.cancel()
        ended.phaseTimer.cancel()
        ended.speech?.close()
        player.close()
        let now = MonotonicClock.now()
        let steps = ended.context.entry.routine.steps.count
        let completed = outcome == .completed
        // The session's own end position counts the time `extend` added.
        let end = ended.session.position(now: now)
        history.recordEnd(id: ended.historyID, end: Wire.unix(now + ended.context.wallOffset), outcome: outcome.rawValue,
                          stepsDone: completed ? steps : min(before.stepIndex, steps),
                          seconds: completed ? end.elapsed : min(before.elapsed, end.elapsed))
        logger.info("session \"\(ended.context.entry.routine.name)\" ended: \(outcome.rawValue)")
        let token = ended.context.token
        heldEnds[token] = SessionEnd(routine: ended.context.entry.routine.name, outcome: outcome.rawValue)
        releaseHeldEnd(token)
        if let last = unsounded[token]?.values.max() {
            // A player that never reports an onset must not hold the end event back for ever.
            queue.asyncAfter(deadline: MonotonicClock.dispatchTime(max(last, now) + 2)) { [weak self] in
                self?.unsounded[token] = [:]
                self?.releaseHeldEnd(token)
            }
        }
    }

    private func releaseHeldEnd(_ token: Int) {
        guard let end = heldEnds[token], unsounded[token]?.isEmpty ?? true else { return }
        heldEnds[token] = nil
        unsounded[token] = nil
        onEvent(.end(end))
        publishState(now: MonotonicClock.now())
    }

    // MARK: Status (on queue)

    func snoozeState(now: Double) -> Status.Snooze? {
        guard let snooze, snooze.until > now else { return nil }
        return Status.Snooze(untilUnix: snooze.untilUnix, remaining: snooze.until - now)
    }

    /// The audio state when the device just opened for a cue or session cannot play, so the
    /// reply says at once that nothing will be heard; nil when it plays.
    private func unusableAudio() -> Status.Audio? {
        let audio = player.settledStatus(timeout: 0.5)
        return audio.ok ? nil : Status.Audio(device: audio.device, ok: false, error: audio.error)
    }

    private var historyStatus: Status.History { Status.History(ok: history.problem == nil, error: history.problem) }

    private func currentStatus(now: Double) -> Status {
        let audio = player.status
        let audioStatus = Status.Audio(device: audio.device, ok: audio.ok, error: audio.error)
        let pendingStatus = pending.map { Status.Pending(routine: $0.entry.routine.name, startsUnix: $0.beginsUnix) }
        guard let running else {
            return Status(state: "idle", routine: nil, title: nil, step: nil, elapsed: 0, remaining: 0, duration: 0,
                          pending: pendingStatus, snooze: snoozeState(now: now), audio: audioStatus,
                          timeScale: settings.timeScale, media: mediaStatus(), deferred: deferredStatus(now: now), checks: activeChecks,
                          history: historyStatus)
        }
        let routine = running.context.entry.routine
        let position = running.session.position(now: now)
        let reps = routine.steps.indices.contains(position.stepIndex) ? routine.steps[position.stepIndex].reps : 1
        let step = Status.StepPosition(index: position.stepIndex, count: routine.steps.count, name: position.stepName,
                                       phase: position.phase.rawValue, side: position.side, rep: position.rep, reps: reps,
                                       phaseRemaining: position.phaseRemaining)
        return Status(state: position.state.rawValue, routine: routine.name, title: routine.title, step: step,
                      elapsed: position.elapsed, remaining: position.remaining,
                      duration: position.elapsed + position.remaining, pending: pendingStatus,
                      snooze: snoozeState(now: now), audio: audioStatus, timeScale: settings.timeScale,
                      media: mediaStatus(), pausedFor: pausedFor, deferred: deferredStatus(now: now), checks: activeChecks,
                      history: historyStatus)
    }

    /// Publishes a state event when something a person would notice changed (not the clock),
    /// and keeps the phase timer on the next silent phase change.
    func publishState(now: Double) {
        armSilentPhaseChange(now: now)
        let status = currentStatus(now: now)
        let signature = StateSignature(status)
        guard signature != lastState else { return }
        lastState = signature
        onEvent(.state(status))
    }
}

/// What identifies a session for its cues' callbacks, which may arrive after it ended.
final class SessionContext: Sendable {
    let token: Int
    let entry: CatalogRoutine
    /// Wall-clock minus monotonic seconds, sampled once at the session's start.
    let wallOffset: Double

    init(token: Int, entry: CatalogRoutine, wallOffset: Double) {
        self.token = token
        self.entry = entry
        self.wallOffset = wallOffset
    }
}

/// The running session and what the scheduler keeps beside it.
struct RunningSession {
    let context: SessionContext
    var session: Session
    let historyID: String
    /// The one timer, re-armed at each deadline the session asks for.
    let timer: any DispatchSourceTimer
    /// Armed at the next phase change no cue marks (into a rest or a breathing pause).
    let phaseTimer: any DispatchSourceTimer
    /// The session's spoken guidance; nil when voice is off.
    let speech: SpokenGuide?
    /// Whether it opens with the safety briefing (the first session ever).
    let briefing: Bool
    /// Where `phaseTimer` is armed, or nil when it is not.
    var silentPhaseAt: Double?
    /// The step the last progress line recorded (the first step needs none).
    var recordedStep = 0
}

/// A scheduled break inside its warning window.
struct PendingBreak {
    let entry: CatalogRoutine
    let beginsUnix: Double
    let timer: any DispatchSourceTimer
}

/// The parts of a status whose change is worth an event: everything but the running clocks.
private struct StateSignature: Equatable {
    let state: String
    let routine: String?
    let step: Status.StepPosition?
    let pending: Status.Pending?
    let snoozeUntil: Double?
    let audio: Status.Audio
    let pausedFor: String?
    let deferred: Status.Deferred?
    let checks: [String]
    let media: Status.Media?
    /// Elapsed plus remaining: constant while a session runs, changed by `extend`, so an
    /// extension (which moves every countdown) is an event.
    let total: Double

    init(_ status: Status) {
        total = ((status.elapsed + status.remaining) * 1000).rounded()
        state = status.state
        routine = status.routine
        // The phase's countdown is a running clock too.
        step = status.step.map { step in
            var step = step
            step.phaseRemaining = 0
            return step
        }
        pending = status.pending
        snoozeUntil = status.snooze?.untilUnix
        audio = status.audio
        pausedFor = status.pausedFor
        deferred = status.deferred
        checks = status.checks
        media = status.media
    }
}
