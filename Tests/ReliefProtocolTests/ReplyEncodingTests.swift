import Testing
@testable import ReliefProtocol

private func text(_ value: some Encodable) throws -> String {
    String(decoding: try Wire.line(value), as: UTF8.self)
}

private let idle = Status(state: "idle", routine: nil, title: nil, step: nil, elapsed: 0, remaining: 0, duration: 0,
                          pending: nil, snooze: nil, audio: .init(device: "default", ok: true, error: nil))

@Test func errorRepliesCarryCodeAndMessage() throws {
    let line = try text(ProtocolError(.tooLarge, "line over 64 KiB"))
    #expect(line == #"{"error":"too-large","message":"line over 64 KiB","ok":false}"# + "\n")
    for code in ErrorCode.allCases {
        let decoded = try Wire.decode(ProtocolError.self, from: try Wire.line(ProtocolError(code, "m")))
        #expect(decoded == ProtocolError(code, "m"))
    }
}

@Test func successRepliesPutTheBodyBesideOk() throws {
    #expect(try text(Reply(Pong(version: "0.1.0", pid: 42))) == #"{"ok":true,"pid":42,"version":"0.1.0"}"# + "\n")
    #expect(try text(Reply(Subscribed())) == #"{"ok":true,"subscribed":true}"# + "\n")
    #expect(try text(Reply(Started(skipped: "snoozed"))) == #"{"ok":true,"skipped":"snoozed"}"# + "\n")
    #expect(try text(Reply(Snoozed(snooze: nil))) == #"{"ok":true,"snooze":null}"# + "\n")
}

@Test func statusSendsNullsForWhatDoesNotApply() throws {
    let line = try text(Reply(idle))
    #expect(line == #"{"audio":{"device":"default","error":null,"ok":true},"checks":[],"deferred":null,"duration":0,"elapsed":0,"media":null,"ok":true,"paused_for":null,"pending":null,"remaining":0,"routine":null,"snooze":null,"state":"idle","step":null,"time_scale":1,"title":null}"# + "\n")
    let decoded = try Wire.decode(Reply<Status>.self, from: Array(line.utf8)).body
    #expect(decoded == idle)
}

@Test func statusCarriesTheContextOfBreaks() throws {
    var waiting = idle
    waiting.deferred = Status.Deferred(routine: "posture-break", reason: "in-call", startsUnix: nil)
    waiting.checks = ["in-call", "sleep"]
    waiting.pausedFor = "sleep"
    let line = try text(Reply(waiting))
    #expect(line.contains(#""checks":["in-call","sleep"],"deferred":{"reason":"in-call","routine":"posture-break","starts_unix":null}"#), "\(line)")
    #expect(line.contains(#""paused_for":"sleep""#))
    #expect(try Wire.decode(Reply<Status>.self, from: Array(line.utf8)).body == waiting)
    // An older daemon's status, without these keys: no checks, nothing deferred.
    let old = try Wire.decode(Status.self, from: Array(#"{"state":"idle","elapsed":0,"remaining":0,"duration":0,"audio":{"device":"d","ok":true}}"#.utf8))
    #expect(old.checks == [] && old.deferred == nil && old.pausedFor == nil)
}

@Test func statusSaysWhetherMediaControlIsActive() throws {
    var status = idle
    status.media = Status.Media(active: false, error: "no session bus", pauseOthers: true)
    let line = try text(Reply(status))
    #expect(line.contains(#""media":{"active":false,"error":"no session bus","pause_others":true}"#))
    #expect(try Wire.decode(Reply<Status>.self, from: Array(line.utf8)).body == status)
    // An older daemon without the key: nil.
    let older = line.replacing(#""media":{"active":false,"error":"no session bus","pause_others":true},"#, with: "")
    #expect(try Wire.decode(Reply<Status>.self, from: Array(older.utf8)).body.media == nil)
}

@Test func statusCarriesThePhaseCountdownAndTheTimeScale() throws {
    var running = idle
    running.state = "running"
    running.timeScale = 0.05
    running.step = Status.StepPosition(index: 1, count: 3, name: "Wall slide", phase: "hold", side: "left", rep: 1, reps: 2,
                                       phaseRemaining: 7.5)
    let line = try text(Reply(running))
    #expect(line.contains(#""step":{"count":3,"index":1,"name":"Wall slide","phase":"hold","phase_remaining":7.5,"rep":1,"reps":2,"side":"left"}"#), "\(line)")
    #expect(line.contains(#""time_scale":0.05"#), "\(line)")
    #expect(try Wire.decode(Reply<Status>.self, from: Array(line.utf8)).body == running)
}

@Test func aStatusFromAnOlderDaemonWithoutTheNewKeysStillDecodes() throws {
    let old = #"{"ok":true,"state":"running","routine":"r","title":"R","step":{"index":0,"count":1,"name":"S","phase":"hold","side":null,"rep":1,"reps":1},"elapsed":1,"remaining":2,"duration":3,"pending":null,"snooze":null,"audio":{"device":"default","ok":true,"error":null}}"#
    let status = try Wire.decode(Reply<Status>.self, from: Array(old.utf8)).body
    #expect(status.timeScale == 1)
    #expect(status.step?.phaseRemaining == 0)
}

@Test func errorRepliesDecodeAsThrownErrorsForAnyReplyType() throws {
    let line = try Wire.line(ProtocolError(.notRunning, "no session"))
    #expect(throws: ProtocolError(.notRunning, "no session")) { try Wire.decode(Reply<Status>.self, from: line) }
}

@Test func eventsRoundTripWithTheirKind() throws {
    let cue = CueEvent(cue: "hold", routine: "wall-stretch",
                       step: .init(index: 0, name: "Wall slide", side: nil, rep: 1, phase: "hold"),
                       plannedUnix: Wire.unix(1_718_000_000.1234567), onsetUnix: nil)
    let cueLine = try text(Event.cue(cue))
    #expect(cueLine == #"{"cue":"hold","event":"cue","onset_unix":null,"planned_unix":1718000000.123457,"routine":"wall-stretch","step":{"index":0,"name":"Wall slide","phase":"hold","rep":1,"side":null}}"# + "\n")
    let events: [Event] = [.cue(cue), .state(idle), .end(SessionEnd(routine: "wall-stretch", outcome: "completed"))]
    for event in events {
        #expect(try Wire.decode(Event.self, from: try Wire.line(event)) == event)
    }
    #expect(try text(Event.end(SessionEnd(routine: "r", outcome: "stopped"))) == #"{"event":"end","outcome":"stopped","routine":"r"}"# + "\n")
}

@Test func routineAndHistoryRepliesUseSnakeCaseAndRoundTrip() throws {
    let step = StepDetail(name: "Cat-cow", how: "Breathe.", prepare: 5, hold: nil, countdown: nil, inhale: 4, exhale: 6,
                          pause: 0, release: 3, reps: 8, rest: 0, sides: [], duration: 88)
    let shown = RoutineShown(routine: RoutineDetail(name: "cat-cow", title: "Cat-cow", summary: "s", duration: 88,
                                                    source: .builtin, cautions: ["Stop on sharp pain."], steps: [step]))
    let line = try text(Reply(shown))
    #expect(line.contains(#""countdown":null,"duration":88,"exhale":6,"hold":null,"how":"Breathe.","inhale":4"#))
    #expect(line.contains(#""spoken":null"#))  // voice off: present, null
    #expect(try Wire.decode(Reply<RoutineShown>.self, from: Array(line.utf8)).body == shown)
    var spoken = shown
    spoken.routine.spoken = [SpokenLine(at: 0.6, text: "Cat-cow, one minute.")]
    let spokenLine = try text(Reply(spoken))
    #expect(spokenLine.contains(#""spoken":[{"at":0.6,"text":"Cat-cow, one minute."}]"#))
    #expect(try Wire.decode(Reply<RoutineShown>.self, from: Array(spokenLine.utf8)).body == spoken)

    let report = HistoryReport(
        sessions: [HistoryEntry(routine: "r", start: 10, end: nil, outcome: nil, scheduled: true, stepsDone: 2, seconds: 30)],
        summary: HistorySummary(today: .init(sessions: 1, seconds: 30), last7Days: .init(sessions: 3, seconds: 90), streakDays: 2))
    let historyLine = try text(Reply(report))
    #expect(historyLine.contains(#"{"end":null,"outcome":null,"routine":"r","scheduled":true,"seconds":30,"start":10,"steps_done":2}"#))
    #expect(historyLine.contains(#""last_7_days":{"seconds":90,"sessions":3}"#))
    #expect(historyLine.contains(#""streak_days":2"#))
    #expect(try Wire.decode(Reply<HistoryReport>.self, from: Array(historyLine.utf8)).body == report)

    let started = Started(routine: "posture-break", duration: 240, scheduled: true, startsIn: 10)
    #expect(try text(Reply(started)) == #"{"duration":240,"ok":true,"routine":"posture-break","scheduled":true,"starts_in":10}"# + "\n")
}

@Test func numbersReadNaturallyInMessages() {
    #expect(Wire.number(10) == "10")
    #expect(Wire.number(2.5) == "2.5")
    #expect(Wire.unix(1.0000004) == 1.0)
}
