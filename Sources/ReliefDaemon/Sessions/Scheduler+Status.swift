import ReliefAudio
import ReliefProtocol

/// What `status` says and when subscribers hear it changed.
extension Scheduler {
    func snoozeState(now: Double) -> Status.Snooze? {
        guard let snooze = window.snooze, snooze.until > now else { return nil }
        return Status.Snooze(untilUnix: Wire.unix(snooze.untilUnix), remaining: snooze.until - now)
    }

    /// The audio state when the device just opened for a cue or session cannot play, so the
    /// reply says at once that nothing will be heard; nil when it plays.
    func unusableAudio() -> Status.Audio? {
        let audio = player.settledStatus(timeout: 0.5)
        return audio.ok ? nil : Status.Audio(device: audio.device, ok: false, error: audio.error)
    }

    private var historyStatus: Status.History { Status.History(ok: history.problem == nil, error: history.problem) }

    func currentStatus(now: Double) -> Status {
        let audio = player.status
        let audioStatus = Status.Audio(device: audio.device, ok: audio.ok, error: audio.error)
        let pendingStatus = window.pending.map {
            Status.Pending(routine: $0.entry.routine.name, startsUnix: Wire.unix($0.beginsUnix))
        }
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
        if let event = feed.state(currentStatus(now: now)) { onEvent(event) }
    }
}
