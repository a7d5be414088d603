import Dispatch
import Logging
import ReliefCore
import ReliefProtocol
import Synchronization
import Testing
@_spi(Testing) @testable import ReliefDaemon
import ReliefMeasure

/// Collects a scheduler's events and lets a test wait (bounded) for one.
private final class EventLog: Sendable {
    private let events = Mutex<[Event]>([])
    private let arrived = DispatchSemaphore(value: 0)

    func append(_ event: Event) {
        events.withLock { $0.append(event) }
        arrived.signal()
    }

    var all: [Event] { events.withLock { $0 } }

    /// Waits until an event satisfies `match`; false after `timeout` seconds.
    func wait(timeout: Double = 10, for match: (Event) -> Bool) -> Bool {
        let deadline = DispatchTime.now() + timeout
        while true {
            if all.contains(where: match) { return true }
            if arrived.wait(timeout: deadline) == .timedOut { return all.contains(where: match) }
        }
    }
}

private let reach = Routine(name: "reach", title: "Reach", summary: "Reach up.", steps: [
    Step(name: "Reach", how: "Reach up.", prepare: 2, action: .hold(seconds: 5, countdown: 3), release: 2,
         sides: ["left", "right"]),
])

/// A scheduler on `clock`: nothing happens until the test advances it, so these tests take
/// no real time and always see the same sequence.
private func makeScheduler(timeScale: Double, player: RecordingCuePlayer, directory: TemporaryDirectory,
                           warning: Double = 10, clock: ManualClock) throws -> (Scheduler, EventLog) {
    let history = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    let scheduler = Scheduler(settings: Scheduler.Settings(timeScale: timeScale, breakRoutine: "reach", warningSeconds: warning),
                              player: player, routines: StaticRoutineSource(routines: [reach]), history: history,
                              logger: Logger(label: "test"), clock: clock)
    let log = EventLog()
    scheduler.onEvent = { log.append($0) }
    return (scheduler, log)
}

private func isEnd(_ event: Event) -> Bool { if case .end = event { true } else { false } }

@Test func cuesAreHandedToThePlayerAtTheTimelinesInstantsWithoutDrift() throws {
    let directory = try TemporaryDirectory()
    let player = RecordingCuePlayer()
    let clock = ManualClock()
    let (scheduler, log) = try makeScheduler(timeScale: 0.01, player: player, directory: directory, clock: clock)
    let timeline = Timeline(routine: reach)
    _ = try scheduler.start(routine: "reach", scheduled: false)
    clock.advance(by: timeline.duration * 0.01 + 1)
    #expect(log.wait(for: isEnd))

    let scheduled = player.calls.compactMap { call -> (Cue, Double)? in
        if case .schedule(let cue, let instant) = call { return (cue, instant) }
        return nil
    }
    #expect(scheduled.map(\.0) == timeline.cues.map(\.cue))
    // Every instant is origin + offset × scale, exactly: no timer latency accumulates.
    let origin = scheduled[0].1 - timeline.cues[0].offset * 0.01
    for ((_, instant), timed) in zip(scheduled, timeline.cues) {
        #expect(abs(instant - (origin + timed.offset * 0.01)) < 1e-9)
    }
    #expect(player.calls.first == .open)
    #expect(player.calls.last == .close)
    guard case .end(let end) = log.all.first(where: isEnd) else { return }
    #expect(end == SessionEnd(routine: "reach", outcome: "completed"))
    // The cue events carry the same instants on the wall clock, in order, before the end.
    let planned = log.all.compactMap { event -> Double? in if case .cue(let cue) = event { cue.plannedUnix } else { nil } }
    #expect(planned.count == timeline.cues.count)
    #expect(planned == planned.sorted())
    #expect(abs((planned.last! - planned.first!) - timeline.duration * 0.01) < 1e-5)
}

/// The first cue of a session must not be planned before the device plays: PipeWire starts its
/// graph 15–25 ms after the stream opens, later than the cue lead, and a cue planned sooner
/// sounded late (and the rest of the timeline with it, relative to the first).
@Test func aSessionBeginsWhereTheOpeningDeviceFirstPlaysOnTime() throws {
    func firstCue(startsPlayingIn delay: Double) throws -> (instant: Double, now: Double, planned: Double?) {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let player = RecordingCuePlayer(startsPlayingAt: clock.now() + delay)
        let (scheduler, log) = try makeScheduler(timeScale: 1, player: player, directory: directory, clock: clock)
        _ = try scheduler.start(routine: "reach", scheduled: false)
        let instants = player.calls.compactMap { call -> Double? in if case .schedule(_, let at) = call { at } else { nil } }
        #expect(player.calls.first == .open)
        let startedAt = clock.now()
        clock.advance(by: 0.1)  // cue events are published when the cue sounds
        _ = log.wait(timeout: 2) { if case .cue = $0 { true } else { false } }
        let planned = log.all.compactMap { event -> Double? in if case .cue(let cue) = event { cue.plannedUnix } else { nil } }.first
        return (try #require(instants.first), startedAt, planned.map { $0 - clock.wallOffset() })
    }
    let lead = Scheduler.Settings().cueLead
    let slow = try firstCue(startsPlayingIn: lead + 0.025)
    #expect(abs(slow.instant - (slow.now + lead + 0.025)) < 1e-9, "planned before the device plays")
    #expect(abs((slow.planned ?? 0) - slow.instant) < 1e-6, "the cue event's planned instant is where it was placed")
    let quick = try firstCue(startsPlayingIn: lead / 2)
    #expect(abs(quick.instant - (quick.now + lead)) < 1e-9, "a device already playing keeps the cue lead")
}

@Test func pauseCancelsWhatWasHandedOutAndStopRecordsTheSession() throws {
    let directory = try TemporaryDirectory()
    let player = RecordingCuePlayer()
    let clock = ManualClock()
    let (scheduler, _) = try makeScheduler(timeScale: 1, player: player, directory: directory, clock: clock)
    _ = try scheduler.start(routine: "reach", scheduled: false)
    #expect(try scheduler.pause().state == "paused")
    #expect(player.calls.contains { if case .cancel = $0 { true } else { false } })
    #expect(player.calls.contains { if case .schedule(.pause, _) = $0 { true } else { false } })
    #expect(try scheduler.stop().state == "idle")
    #expect(player.calls.last == .close)
    let report = scheduler.history(days: 1)
    #expect(report.sessions.map(\.outcome) == ["stopped"])
    #expect(throws: ProtocolError.self) { try scheduler.stop() }
}

@Test func aScheduledBreakWaitsOutItsWarningAndSnoozeCancelsIt() throws {
    let directory = try TemporaryDirectory()
    let player = RecordingCuePlayer()
    let clock = ManualClock()
    let (scheduler, log) = try makeScheduler(timeScale: 0.01, player: player, directory: directory, warning: 10,
                                             clock: clock)
    let started = try scheduler.start(routine: nil, scheduled: true)
    #expect(started.routine == "reach")
    #expect(abs((started.startsIn ?? 0) - (0.1 + Scheduler.Settings().cueLead)) < 1e-9)
    #expect(scheduler.status().pending?.routine == "reach")
    if case .schedule(let cue, _) = player.calls[1] { #expect(cue == .warning) } else { Issue.record("no warning cue") }
    clock.advance(by: (started.startsIn ?? 0) + Timeline(routine: reach).duration * 0.01 + 1)
    #expect(log.wait(for: isEnd))
    #expect(scheduler.history(days: 1).sessions.first?.scheduled == true)

    _ = try scheduler.start(routine: nil, scheduled: true)
    #expect(scheduler.snooze(seconds: 60).snooze != nil)
    #expect(scheduler.status().pending == nil)
    #expect(try scheduler.start(routine: nil, scheduled: true).skipped == "snoozed")
    #expect(scheduler.history(days: 1).sessions.count == 1)
}

@Test func cueOpensTheDeviceJustForItAndUnknownNamesAreRefused() throws {
    let directory = try TemporaryDirectory()
    let player = RecordingCuePlayer()
    let (scheduler, _) = try makeScheduler(timeScale: 1, player: player, directory: directory, clock: ManualClock())
    #expect(try scheduler.cue("halfway") == CuePlayed(cue: "halfway"))
    #expect(player.calls.count == 3)
    #expect(player.calls.first == .open)
    #expect(player.calls.last == .close)
    #expect(throws: ProtocolError.self) { try scheduler.cue("gong") }
    #expect(scheduler.reload() == Reloaded(routines: 1, problems: []))
    #expect(player.calls.last == .reloadSounds)
}

@Test func theStateAfterACueNamesThePhaseTheCueBegins() throws {
    // Each hold and release cue moves the session into a new phase; the state event that
    // follows it must already say so (followers draw their live line from it).
    let directory = try TemporaryDirectory()
    let player = RecordingCuePlayer()
    let clock = ManualClock()
    let (scheduler, log) = try makeScheduler(timeScale: 0.01, player: player, directory: directory, clock: clock)
    _ = try scheduler.start(routine: "reach", scheduled: false)
    clock.advance(by: Timeline(routine: reach).duration * 0.01 + 1)
    #expect(log.wait(for: isEnd))
    let events = log.all
    var checked = 0
    for (index, event) in events.enumerated() {
        guard case .cue(let cue) = event, cue.cue == "hold" || cue.cue == "release",
              index + 1 < events.count, case .state(let status) = events[index + 1] else { continue }
        #expect(status.step?.phase == cue.step.phase, "state after \(cue.cue) at step \(cue.step)")
        checked += 1
    }
    #expect(checked == 4)  // hold and release, on each of two sides
}

private func isState(_ event: Event, where match: (Status) -> Bool) -> Bool {
    if case .state(let status) = event { return match(status) }
    return false
}

@Test func theEndOfASnoozeIsPublishedAsAState() throws {
    let directory = try TemporaryDirectory()
    let clock = ManualClock()
    let (scheduler, log) = try makeScheduler(timeScale: 1, player: RecordingCuePlayer(), directory: directory, clock: clock)
    #expect(scheduler.snooze(seconds: 0.05).snooze != nil)
    #expect(log.wait { isState($0) { $0.snooze != nil } })
    clock.advance(by: 0.05)
    // No command follows: only the snooze's own timer can say it is over.
    #expect(log.wait { isState($0) { $0.snooze == nil } })
    #expect(scheduler.status().snooze == nil)
}

@Test func changedBreakSettingsApplyToTheNextScheduledBreak() throws {
    let directory = try TemporaryDirectory()
    let other = Routine(name: "other", title: "Other", summary: "Another.", steps: reach.steps)
    let history = HistoryStore(directory: directory.path, logger: Logger(label: "test"))
    let scheduler = Scheduler(settings: Scheduler.Settings(timeScale: 0.01, breakRoutine: "reach", warningSeconds: 10),
                              player: RecordingCuePlayer(), routines: StaticRoutineSource(routines: [reach, other]),
                              history: history, logger: Logger(label: "test"), clock: ManualClock())
    scheduler.setBreaks(routine: "other", warningSeconds: 2)
    #expect(scheduler.currentSettings.breakRoutine == "other")
    let started = try scheduler.start(routine: nil, scheduled: true)
    #expect(started.routine == "other")
    #expect(abs((started.startsIn ?? 0) - (2 * 0.01 + Scheduler.Settings().cueLead)) < 1e-9)
    _ = try scheduler.stop()
}

@Test func statusCarriesThePhaseCountdownAndTheTimeScale() throws {
    let directory = try TemporaryDirectory()
    let clock = ManualClock()
    let (scheduler, _) = try makeScheduler(timeScale: 1, player: RecordingCuePlayer(), directory: directory, clock: clock)
    _ = try scheduler.start(routine: "reach", scheduled: false)
    clock.advance(by: 0.1)
    let status = scheduler.status()
    let step = try #require(status.step)
    #expect(step.phase == "prepare")
    // prepare is 2 s; a moment has passed since the start.
    #expect(step.phaseRemaining > 1.5 && step.phaseRemaining <= 2, "\(step.phaseRemaining)")
    #expect(status.timeScale == 1)
    _ = try scheduler.stop()
}
