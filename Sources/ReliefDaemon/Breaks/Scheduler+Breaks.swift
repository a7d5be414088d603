import ReliefProtocol

/// The scheduler's side of context-aware breaks: it feeds what the checks see into the
/// `BreakPolicy` and does what the policy decides (skip, defer, record a natural break),
/// and pauses a session when the machine goes to sleep. Everything here runs on `queue`.
extension Scheduler {
    /// The policy's settings in real seconds: the time-scale-1 durations times `timeScale`.
    static func scaled(_ checks: BreakPolicy.Settings, by timeScale: Double) -> BreakPolicy.Settings {
        var scaled = checks
        scaled.awaySeconds *= timeScale
        scaled.afterCallSeconds *= timeScale
        return scaled
    }

    /// The checks at work: those whose service answered and that reliefd.toml leaves on.
    var activeChecks: [String] {
        guard let available = context?.activeChecks else { return [] }
        let checks = settings.checks
        var names: [String] = []
        if checks.skipInCall && available.contains("in-call") { names.append("in-call") }
        if checks.skipWhenAway && available.contains("away") { names.append("away") }
        if checks.naturalBreaks && available.contains("away") { names.append("natural-breaks") }
        if available.contains("sleep") { names.append("sleep") }
        return names
    }

    /// Why the timer's start of `name` (nil: the break routine) is skipped, or nil to start it.
    /// A natural break is recorded in the history; a break skipped for a call is deferred.
    func skipReason(routine name: String?, snapshot: ContextSnapshot?, now: Double) -> SkipReason? {
        if let snapshot {
            if let inCall = snapshot.inCall { callChanged(inCall, now: now) }
            if let presence = snapshot.presence { policy.observe(presence, now: now) }
        }
        let entry = try? routines.routine(named: name ?? settings.breakRoutine)
        // An unknown routine is never rested: the start goes on to fail with unknown-routine.
        let length = entry.map { routines.timeline(of: $0).duration * settings.timeScale } ?? .infinity
        let verdict = policy.scheduledStart(routine: name, length: length, busy: running != nil || window.pending != nil,
                                            snoozed: snoozeState(now: now) != nil, now: now)
        armDeferredTimer(now: now)
        guard case .skip(let reason) = verdict else { return nil }
        switch reason {
        case .inCall:
            logger.info("scheduled break skipped: in a call; it starts once the call has been over \(policy.settings.afterCallSeconds) s")
        case .rested:
            if let entry { recordNaturalBreak(entry.routine.name) }
            logger.info("scheduled break skipped: rested (idle or locked for a break's length since the last one)")
        case .away:
            logger.info("scheduled break skipped: away (screen locked or idle)")
        case .busy, .snoozed:
            break
        }
        publishState(now: now)
        return reason
    }

    /// Something a check noticed.
    func contextChanged(_ event: ContextEvent) {
        let now = clock.now()
        switch event {
        case .call(let active):
            logger.info(active ? "a call began (microphone or camera in use)" : "the call ended")
            callChanged(active, now: now)
        case .presence(let presence):
            policy.observe(presence, now: now)
        case .sleep(true):
            sleepBegins(now: now)
        case .sleep(false):
            logger.info("resumed from sleep\(pausedFor == "sleep" ? "; the session stays paused until resume" : "")")
        }
        publishState(now: now)
    }

    private func callChanged(_ active: Bool, now: Double) {
        _ = policy.observeCall(active, now: now)
        armDeferredTimer(now: now)
    }

    /// Arms the deferred break's timer at its start, or disarms it while there is none (or
    /// its call goes on); keeps the wall-clock instant `status` shows.
    private func armDeferredTimer(now: Double) {
        guard let startsAt = policy.deferred?.startsAt else {
            deferredStartsUnix = nil
            deferredTimer.arm(at: nil)
            return
        }
        let unix = Wire.unix(clock.unixNow() + startsAt - now)
        guard deferredStartsUnix == nil else { return }  // already armed at this start
        deferredStartsUnix = unix
        deferredTimer.arm(at: startsAt)
        logger.info("deferred break starts in \(max(0, startsAt - now)) s")
    }

    /// The call has been over long enough: the deferred break begins with its warning,
    /// unless something else has come up meanwhile.
    func deferredBreakDue() {
        guard let startsAt = policy.deferred?.startsAt else { return }
        let now = max(clock.now(), startsAt)  // the timer may fire a hair early
        let due = policy.deferredDue(busy: running != nil || window.pending != nil, snoozed: snoozeState(now: now) != nil,
                                     now: now)
        deferredStartsUnix = nil
        armDeferredTimer(now: now)
        if let due {
            switch due.verdict {
            case .start:
                do throws(CommandError) {
                    beginWarningAfterCall(try routines.routine(named: due.routine ?? settings.breakRoutine), now: now)
                } catch {
                    logger.error("deferred break not started: \(ProtocolError(error).message)")
                }
            case .skip(let reason):
                logger.info("deferred break dropped: \(reason.rawValue)")
            }
        }
        publishState(now: now)
    }

    private func beginWarningAfterCall(_ entry: CatalogRoutine, now: Double) {
        logger.info("the call has been over \(policy.settings.afterCallSeconds) s: starting the deferred break")
        _ = warn(entry, now: now)
    }

    /// `stop`, `snooze` or sleep: drops the deferred break. Returns whether there was one.
    @discardableResult
    func cancelDeferredBreak() -> Bool {
        guard policy.cancelDeferred() else { return false }
        armDeferredTimer(now: clock.now())
        logger.info("deferred break cancelled")
        return true
    }

    /// The deferred break as `status` shows it.
    func deferredStatus(now: Double) -> Status.Deferred? {
        policy.deferred.map { Status.Deferred(routine: $0.routine ?? settings.breakRoutine, reason: SkipReason.inCall.rawValue,
                                              startsUnix: deferredStartsUnix) }
    }

    /// A natural break: one history entry with outcome `rested` (no steps, no seconds), so
    /// the history shows that the break was taken, without counting it as a session.
    private func recordNaturalBreak(_ routine: String) {
        let now = Wire.unix(clock.unixNow())
        let id = history.recordStart(routine: routine, start: now, scheduled: true)
        history.recordEnd(id: id, end: now, outcome: "rested", stepsDone: 0, seconds: 0)
    }

    /// logind's PrepareForSleep(true): the sound device is going away, so a running session
    /// is paused without a cue and stays paused after resume (`status`: paused for sleep); a
    /// break in its warning window or deferred is dropped.
    private func sleepBegins(now: Double) {
        if window.pending != nil { cancelPending() }
        cancelDeferredBreak()
        guard running != nil, let actions = try? running!.session.pause(now: now) else {
            logger.info("going to sleep")
            return
        }
        let before = running!.session.position(now: now)
        perform(actions.filter { if case .playNow = $0 { false } else { true } }, before: before)
        pausedFor = "sleep"
        logger.info("going to sleep: session paused (resume continues it)")
    }
}
