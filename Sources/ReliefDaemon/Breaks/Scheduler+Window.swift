import ReliefAudio
import ReliefCore

/// The scheduler's side of a scheduled break's warning window and of the snooze: it does
/// what the `BreakWindow` returns (cues, announcement, timers, the session's begin).
extension Scheduler {
    /// Plays the warning and arms the begin of a scheduled break; returns the real seconds until it begins.
    func warn(_ entry: CatalogRoutine, now: Double) -> Double {
        let window = settings.warningSeconds * settings.timeScale
        carryOut(self.window.warn(entry, now: now, lead: settings.cueLead, window: window,
                                  wallOffset: clock.wallOffset()))
        publishState(now: now)
        return settings.cueLead + window
    }

    /// The window is over: the break's session begins.
    func warningElapsed() { carryOut(window.warningElapsed()) }

    /// `stop`, `snooze`, sleep or shutdown inside the window: the break is called off.
    func cancelPending() { carryOut(window.cancel()) }

    /// The snooze is over: publish the state without it.
    func snoozeEnded() {
        guard let at = window.snoozeEnded(now: clock.now()) else { return }
        publishState(now: at)
    }

    /// Does what the break window decided, in order.
    func carryOut(_ actions: [BreakWindow.Action]) {
        for action in actions {
            switch action {
            case .warn(let entry, let at, let beginsAt):
                player.open()
                nextCueID += 1
                player.schedule(.warning, at: at, id: CueID(nextCueID)) { _ in }
                voice?.announceBreak(entry.routine, warningAt: at, beginsAt: beginsAt, clock: clock)
                logger.info("scheduled break \"\(entry.routine.name)\" begins in \(settings.warningSeconds * settings.timeScale) s")
            case .armBegin(let instant):
                beginTimer.arm(at: instant)
            case .begin(let entry):
                begin(entry, scheduled: true)
            case .cancelled(let entry):
                voice?.cancelBreak(now: clock.now())
                player.close()
                logger.info("scheduled break \"\(entry.routine.name)\" cancelled")
            case .armSnoozeEnd(let instant):
                snoozeTimer.arm(at: instant)
            }
        }
    }
}
