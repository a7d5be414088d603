import ReliefAudio
import ReliefCore
import ReliefProtocol

/// A session's life on the scheduler's queue: begun, woken at its deadlines, its actions
/// performed, its cues published as they sound, and its end recorded.
extension Scheduler {
    func begin(_ entry: CatalogRoutine, scheduled: Bool) {
        nextToken += 1
        let context = SessionContext(token: nextToken, entry: entry, wallOffset: clock.wallOffset())
        let token = context.token
        let timer = clock.makeTimer(on: queue) { [weak self] in self?.deadlineReached(token) }
        let phaseTimer = clock.makeTimer(on: queue) { [weak self] in self?.silentPhaseBegan(token) }
        player.open()
        let now = startInstant()
        let historyID = history.recordStart(routine: entry.routine.name, start: Wire.unix(now + context.wallOffset),
                                            scheduled: scheduled)
        let plays = routines.sessionTimeline(of: entry, briefing: needsBriefing)
        if plays.briefing { logger.info("the first session opens with the safety briefing") }
        running = RunningSession(context: context, session: Session(timeline: plays.timeline, timeScale: settings.timeScale,
                                                                  lookahead: Scheduler.cueLookahead),
                                 historyID: historyID, timer: timer, phaseTimer: phaseTimer,
                                 speech: plays.spoken.flatMap { voice?.guide(for: $0, clock: clock) }, briefing: plays.briefing)
        feed.sessionBegan(token)
        logger.info("session \"\(entry.routine.name)\" started\(scheduled ? " (scheduled)" : "")")
        let before = running!.session.position(now: now)
        perform(running!.session.start(now: now), before: before)
        publishState(now: now)
    }

    /// How long before its instant a cue is handed to the player. The stream may have
    /// stopped its device between sounds and starts it `StreamSession.wakeLead` before the
    /// next one; it must know of the cue by then, with room for a late timer.
    static let cueLookahead = 0.25

    /// How long a session's start waits for the device to play. Longer than any server's
    /// start-up seen (PipeWire ~25 ms); a device that takes longer plays the first cue late.
    static let deviceStartLimit = 0.3

    /// Where a timeline (or a lone cue) just handed to an opening player starts: a cue lead
    /// from now, so its first cue can be placed exactly on the stream rather than played
    /// late, or — when the device takes longer to start playing (PipeWire starts its graph
    /// in 15–25 ms) — the first instant it can play on time. The session counts earlier
    /// calls as that instant.
    func startInstant() -> Double {
        let soonest = clock.now() + settings.cueLead
        guard let onTime = player.earliestOnTime(timeout: Scheduler.deviceStartLimit) else { return soonest }
        return max(soonest, onTime)
    }

    private func deadlineReached(_ token: Int) {
        guard running?.context.token == token else { return }
        let now = clock.now()
        let before = running!.session.position(now: now)
        perform(running!.session.advance(now: now), before: before)
    }

    /// Performs the session's actions in order. `before` is the position before the session
    /// was told anything, used to record how far a finished session got. A list without
    /// `arm` means the session needs no wake-up (paused, or over): the timer is disarmed.
    func perform(_ actions: [SessionAction], before: SessionPosition) {
        guard let context = running?.context else { return }
        // Speech first: it must see a cancel before the player drops what was queued.
        running?.speech?.follow(actions, in: running!.session, now: clock.now())
        if !actions.contains(where: { if case .arm = $0 { true } else { false } }) {
            running?.timer.arm(at: nil)
        }
        for action in actions {
            switch action {
            case .play(let timed, let instant):
                handToPlayer(timed.cue, at: instant, context: context, step: stepOf(timed, in: context))
            case .playNow(let cue):
                let step = CueEvent.Step(index: before.stepIndex, name: before.stepName, side: before.side,
                                         rep: before.rep, phase: before.phase.rawValue)
                handToPlayer(cue, at: clock.now() + settings.cueLead, context: context, step: step)
            case .cancelScheduled(let instant):
                player.cancel(from: instant)
                feed.cancelled(from: instant, token: context.token)
            case .arm(let deadline):
                running?.timer.arm(at: deadline)
            case .finish(let outcome):
                finish(outcome, before: before)
            }
        }
        recordProgress(now: clock.now())
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
        feed.handedOut(id, at: instant, token: context.token)
        player.schedule(cue, at: instant, id: CueID(id)) { [weak self] onset in
            guard let self else { return }
            // A stream reports an onset when the cue's frames are written, up to a buffer
            // ahead of the instant; published then, a cue would reach subscribers before the
            // state changes that precede it. So it is published at its instant (at once when
            // that has passed), in the order things happen.
            self.clock.run(at: instant, on: self.queue) {
                self.sounded(id, cue: cue, at: instant, onset: onset, context: context, step: step)
            }
        }
    }

    /// A cue reached the device (or would have): publish it, then the state if the cue moved
    /// the session to another step or phase, then a held-back end event once nothing is left.
    private func sounded(_ id: UInt64, cue: Cue, at instant: Double, onset: Double?, context: SessionContext,
                         step: CueEvent.Step) {
        guard feed.sounded(id, token: context.token) else { return }  // cancelled meanwhile
        onEvent(.cue(CueEvent(cue: cue.rawValue, routine: context.entry.routine.name, step: step,
                              plannedUnix: Wire.unix(instant + context.wallOffset),
                              onsetUnix: onset.map { Wire.unix($0 + context.wallOffset) })))
        if running?.context.token == context.token {
            // The briefing is said before the first step's begin: once that sounds, it was heard.
            if running!.briefing, cue == .begin, step.index == 0, let problem = briefing?.markHeard() {
                logger.warning("\(problem)")
            }
            // A hair past the cue's instant: converting the instant back to a routine offset can land
            // a few ulps before the phase the cue begins, and the state would name the phase it ends.
            publishState(now: max(instant + 1e-6, clock.now()))
        }
        releaseHeldEnd(context.token)
    }

    private func finish(_ outcome: Outcome, before: SessionPosition) {
        guard let ended = running else { return }
        running = nil
        pausedFor = nil
        let now = clock.now()
        policy.breakTaken(now: now)
        ended.timer.cancel()
        ended.phaseTimer.cancel()
        ended.speech?.close()
        player.close()
        let steps = ended.context.entry.routine.steps.count
        let completed = outcome == .completed
        // The session's own end position counts the time `extend` added.
        let end = ended.session.position(now: now)
        history.recordEnd(id: ended.historyID, end: Wire.unix(now + ended.context.wallOffset), outcome: outcome.rawValue,
                          stepsDone: completed ? steps : min(before.stepIndex, steps),
                          seconds: completed ? end.elapsed : min(before.elapsed, end.elapsed))
        logger.info("session \"\(ended.context.entry.routine.name)\" ended: \(outcome.rawValue)")
        let token = ended.context.token
        feed.ended(SessionEnd(routine: ended.context.entry.routine.name, outcome: outcome.rawValue), token: token)
        releaseHeldEnd(token)
        if let last = feed.lastUnsounded(token) {
            // A player that never reports an onset must not hold the end event back for ever.
            clock.run(at: max(last, now) + 2, on: queue) { [weak self] in
                self?.feed.stopWaiting(for: token)
                self?.releaseHeldEnd(token)
            }
        }
    }

    private func releaseHeldEnd(_ token: Int) {
        guard let end = feed.releasedEnd(token) else { return }
        onEvent(end)
        publishState(now: clock.now())
    }

    /// A phase that no cue opens (a rest, a breathing pause) has begun: nothing else would
    /// tell subscribers, so publish the state now.
    private func silentPhaseBegan(_ token: Int) {
        guard let armed = running?.silentPhaseAt, running?.context.token == token else { return }
        running?.silentPhaseAt = nil
        // At least the armed instant: the timer may fire a hair early on the float clock.
        publishState(now: max(clock.now(), armed + 1e-6))
    }

    /// Arms the phase timer at the next phase change when no cue marks it (see
    /// `silentPhaseBegan`); disarms it otherwise. Phase changes marked by a cue publish
    /// their state when the cue sounds. No timer runs while paused or idle.
    func armSilentPhaseChange(now: Double) {
        guard let session = running?.session else { return }
        let change = session.phaseChange(after: now)
        let instant = change.flatMap { $0.hasCue ? nil : $0.instant }
        guard instant != running?.silentPhaseAt else { return }
        running?.silentPhaseAt = instant
        running?.phaseTimer.arm(at: instant)
    }
}
