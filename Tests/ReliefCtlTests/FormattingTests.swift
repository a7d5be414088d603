import ReliefProtocol
import Testing
@testable import ReliefCtlKit

/// 2025-11-21 14:00:00 UTC, a Friday.
let fridayTwoPM = 1_763_733_600.0
let utcClock = WallClock.fixed(now: fridayTwoPM)

/// A reply line as the protocol gives it, read the way relief-ctl reads it: parsed, then
/// decoded as its protocol type.
func decoded<T: Decodable>(_ line: String, _ context: String = "reply", as type: T.Type = T.self) throws -> T {
    try JSONValue.parse(line).decode(type, context: context)
}

/// A STATUS line, read the way relief-ctl reads it.
func status(_ line: String, _ context: String = "reply") throws -> ReliefProtocol.Status {
    try decoded(line, context)
}

let runningStatus = """
    {"ok":true,"state":"running","routine":"wall-stretch","title":"Wall stretch",
     "step":{"index":1,"count":3,"name":"Wall slide","phase":"hold","side":"left","rep":1,"reps":3},
     "elapsed":42.6,"remaining":128.4,"duration":171.0,"pending":null,
     "snooze":{"until_unix":1763735340.0,"remaining":1740.0},
     "audio":{"device":"default","ok":false,"error":"Device or resource busy"}}
    """

let idleStatus = """
    {"ok":true,"state":"idle","routine":null,"title":null,"step":null,"elapsed":0,"remaining":0,"duration":0,
     "pending":{"routine":"posture-break","starts_unix":1763733608.0},"snooze":null,
     "audio":{"device":"default","ok":true,"error":null}}
    """

@Suite("Time and tables")
struct TimeTextTests {
    @Test func clockStyleDurations() {
        #expect(TimeText.clock(171) == "2:51")
        #expect(TimeText.clock(0) == "0:00")
        #expect(TimeText.clock(59.5) == "1:00")
        #expect(TimeText.clock(3723) == "1:02:03")
        #expect(TimeText.clock(-5) == "0:00")
        #expect(TimeText.clock(.nan) == "0:00")
        #expect(TimeText.clock(42.9, rounding: .down) == "0:42")
        #expect(TimeText.countdown(0.2) == "0:01")
        #expect(TimeText.countdown(60) == "1:00")
    }

    @Test func shortSecondsAndDecimals() {
        #expect(TimeText.seconds(30) == "30 s")
        #expect(TimeText.seconds(1.5) == "1.5 s")
        #expect(TimeText.seconds(0.25) == "0.25 s")
        #expect(TimeText.seconds(90) == "1:30")
        #expect(TimeText.decimal(2.0) == "2")
        #expect(TimeText.decimal(-0.5) == "-0.5")
        #expect(TimeText.count(1, "day") == "1 day")
        #expect(TimeText.count(4, "day") == "4 days")
    }

    @Test func localTimeBreakdown() {
        let time = WallClock.civil(fridayTwoPM + 125.678)
        #expect(time == LocalTime(year: 2025, month: 11, day: 21, hour: 14, minute: 2, second: 5, weekday: 5, millisecond: 678))
        #expect(time.dayAndTime == "Fri 2025-11-21 14:02")
        #expect(time.timeWithMilliseconds == "14:02:05.678")
        #expect(WallClock.civil(0).dayAndTime == "Thu 1970-01-01 00:00")
        #expect(WallClock.civil(951_782_400).dayAndTime == "Tue 2000-02-29 00:00")
        #expect(WallClock.fixed(now: 0, utcOffset: 3600).local(fridayTwoPM).hourMinute == "15:00")
    }

    @Test func tablesAlignAndCut() {
        #expect(Table.labelled([("a", "1"), ("long", "2")]) == "a:     1\nlong:  2")
        #expect(Table.columns([["x", "yy", "z"], ["xxx", "y", "zzzz"]]) == "x    yy  z\nxxx  y   zzzz")
        #expect(Table.columns([["abc", "defghij"]], width: 8) == "abc  de…")
        #expect(Table.wrap("one two three four", width: 9) == ["one two", "three", "four"])
        #expect(Table.wrap("unbreakableword x", width: 5) == ["unbreakableword", "x"])
    }
}

@Suite("Reply formatting")
struct FormattingTests {
    @Test func statusBlockOfARunningSession() throws {
        let text = StatusText.block(try status(runningStatus), clock: utcClock)
        #expect(text == """
            state:    running
            routine:  wall-stretch (Wall stretch)
            step:     2/3 Wall slide
            phase:    hold, left side, rep 1/3
            time:     0:42 elapsed, 2:09 remaining of 2:51
            snooze:   29:00 left (until 14:29)
            audio:    default, error: Device or resource busy
            """)
    }

    @Test func statusShowsWhatIsLeftOfThePhaseWhenTheDaemonReportsIt() throws {
        let line = runningStatus.replacing(#""reps":3}"#, with: #""reps":3,"phase_remaining":17.2}"#)
        let text = StatusText.block(try status(line), clock: utcClock)
        #expect(text.contains("phase:    hold 0:18, left side, rep 1/3\n"), "\(text)")
        #expect(StatusText.summary(try status(line))
            == "running: wall-stretch, step 2/3 Wall slide (hold 0:18, left side, rep 1/3), 2:09 left")
    }

    @Test func statusSaysWhetherMediaControlIsActive() throws {
        let active = runningStatus.replacing(#""audio":"#, with: #""media":{"active":true,"error":null,"pause_others":true},"audio":"#)
        #expect(StatusText.block(try status(active), clock: utcClock)
            .hasSuffix("\nmedia:    MPRIS player relief, pauses other players"))
        let off = runningStatus.replacing(#""audio":"#, with: #""media":{"active":false,"error":"no session bus","pause_others":true},"audio":"#)
        #expect(StatusText.block(try status(off), clock: utcClock).hasSuffix("\nmedia:    off: no session bus"))
    }

    @Test func statusBlockWhenIdleWithABreakAboutToStart() throws {
        let text = StatusText.block(try status(idleStatus), clock: utcClock)
        #expect(text == """
            state:   idle
            next:    posture-break starts in 0:08 (at 14:00)
            snooze:  off
            audio:   default, ok
            """)
    }

    @Test func steeringCommandsPrintOneLine() throws {
        #expect(StatusText.summary(try status(runningStatus))
            == "running: wall-stretch, step 2/3 Wall slide (hold, left side, rep 1/3), 2:09 left")
        #expect(StatusText.summary(try status(idleStatus)) == "idle; posture-break is about to start")
        let paused = runningStatus.replacing(#""running""#, with: #""paused""#)
        #expect(StatusText.summary(try status(paused)).hasPrefix("paused: wall-stretch"))
        let stopped = #"{"ok":true,"state":"idle","routine":null,"step":null,"elapsed":0,"remaining":0,"duration":0,"pending":null,"snooze":null,"audio":{"device":"default","ok":true,"error":null}}"#
        #expect(StatusText.summary(try status(stopped)) == "idle")
    }

    @Test func routineTable() throws {
        let reply: RoutineList = try decoded("""
            {"ok":true,"routines":[
             {"name":"wall-stretch","title":"Wall stretch","summary":"Chest opener against a wall","duration":171.0,"source":"builtin"},
             {"name":"posture-break","title":"Posture break","summary":"No equipment","duration":215.5,"source":"user"}]}
            """)
        #expect(try RoutineText.table(reply, width: nil) == """
            NAME           TITLE          TIME  SOURCE   SUMMARY
            wall-stretch   Wall stretch   2:51  builtin  Chest opener against a wall
            posture-break  Posture break  3:36  user     No equipment
            """)
        #expect(try RoutineText.table(reply, width: 50).split(separator: "\n").allSatisfy { $0.count <= 50 })
        #expect(try RoutineText.names(reply) == "wall-stretch\nposture-break")
        #expect(try RoutineText.table(decoded(#"{"ok":true,"routines":[]}"#), width: nil).hasPrefix("No routines."))
    }

    @Test func routineDetailWithStepsTimesSidesRepsAndCautions() throws {
        let reply: RoutineShown = try decoded("""
            {"ok":true,"routine":{"name":"wall-stretch","title":"Wall stretch","summary":"Open the chest.",
             "duration":171.0,"source":"builtin","cautions":["Stop at once on sharp pain.","Never force a crack."],
             "steps":[
              {"name":"Chest opener","how":"Forearm on the wall, turn away.","prepare":5,"hold":30,"countdown":3,
               "inhale":null,"exhale":null,"pause":null,"release":3,"reps":2,"rest":5,"sides":["left","right"],"duration":150.0},
              {"name":"Deep breathing","how":"In through the nose.","prepare":3,"hold":null,"countdown":null,
               "inhale":4,"exhale":6,"pause":1.5,"release":0,"reps":5,"rest":0,"sides":[],"duration":60.5}]}}
            """)
        #expect(try RoutineText.detail(reply, width: 120) == """
            wall-stretch: Wall stretch (2:51, builtin)
            Open the chest.

            Steps:
              1. Chest opener (2:30)
                 Forearm on the wall, turn away.
                 prepare 5 s, hold 30 s (ticks in the last 3 s), release 3 s; 2 reps, rest 5 s between; sides left then right
              2. Deep breathing (1:01)
                 In through the nose.
                 prepare 3 s, breathe in 4 s, out 6 s, pause 1.5 s; 5 breaths

            Cautions:
              - Stop at once on sharp pain.
              - Never force a crack.
            """)
        // Narrow terminals get wrapped prose, indented under the step.
        let narrow = RoutineText.detail(reply, width: 40)
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 40 })
        #expect(narrow.contains("\n     rest 5 s between; sides left then\n     right\n"))
    }

    @Test func routineDetailListsWhatWillBeSaidWhenTheDaemonSpeaks() throws {
        let reply: RoutineShown = try decoded("""
            {"ok":true,"routine":{"name":"demo","title":"Demo","summary":"","duration":611.0,"source":"user",
             "cautions":[],"steps":[],"spoken":[
              {"at":0.6,"text":"Demo, ten minutes. Keep it gentle."},
              {"at":600.4,"text":"Demo complete. Well done, and have a good rest of the day."}]}}
            """)
        let text = RoutineText.detail(reply, width: 50)
        #expect(text.hasSuffix("""

            Spoken guidance:
               0:01  Demo, ten minutes. Keep it gentle.
              10:00  Demo complete. Well done, and have a good
                     rest of the day.
            """))
        // Voice off: `spoken` is null and nothing is listed.
        let silent: RoutineShown = try decoded(#"{"ok":true,"routine":{"name":"x","title":"X","summary":"","duration":1,"source":"user","steps":[],"cautions":[],"spoken":null}}"#)
        #expect(!(try RoutineText.detail(silent, width: 80)).contains("Spoken"))
        // A malformed line is reported, not half printed.
        #expect(throws: MalformedReply.self) {
            _ = try RoutineText.detail(decoded(#"{"ok":true,"routine":{"name":"x","title":"X","summary":"","duration":1,"source":"user","steps":[],"cautions":[],"spoken":[{"at":"soon"}]}}"#), width: 80)
        }
    }

    @Test func historySummaryAndSessionsOldestFirst() throws {
        let reply: HistoryReport = try decoded("""
            {"ok":true,"sessions":[
              {"routine":"posture-break","start":1763733000.0,"end":null,"outcome":null,"scheduled":true,"steps_done":1,"seconds":35},
              {"routine":"wall-stretch","start":1763561325.5,"end":1763561496.5,"outcome":"completed","scheduled":false,"steps_done":3,"seconds":171},
              {"routine":"warm-up","start":1763640000.0,"end":1763640030.0,"outcome":"interrupted","scheduled":false,"steps_done":0,"seconds":30}],
             "summary":{"today":{"sessions":2,"seconds":410.0},"last_7_days":{"sessions":9,"seconds":2100.0},"streak_days":1}}
            """)
        #expect(try HistoryText.render(reply, days: 7, clock: utcClock) == """
            today:        2 sessions, 6:50
            last 7 days:  9 sessions, 35:00
            streak:       1 day

            Sessions in the last 7 days:
              Wed 2025-11-19 14:08  wall-stretch   completed    2:51  3 steps
              Thu 2025-11-20 12:00  warm-up        interrupted  0:30  0 steps
              Fri 2025-11-21 13:50  posture-break  in progress  –     1 step   scheduled
            """)
        let empty: HistoryReport = try decoded(#"{"ok":true,"sessions":[],"summary":{"today":{"sessions":0,"seconds":0},"last_7_days":{"sessions":0,"seconds":0},"streak_days":0}}"#)
        #expect(try HistoryText.render(empty, days: 1, clock: utcClock).hasSuffix("No sessions in the last day."))
    }

    @Test func startReplies() throws {
        #expect(try ReplyText.start(decoded(#"{"ok":true,"routine":"wall-stretch","duration":171.0,"scheduled":false,"starts_in":0}"#))
            == "started wall-stretch (2:51)")
        #expect(try ReplyText.start(decoded(#"{"ok":true,"routine":"posture-break","duration":210,"scheduled":true,"starts_in":10.0}"#))
            == "scheduled break posture-break starts in 0:10 (3:30); relief-ctl stop cancels it")
        #expect(try ReplyText.start(decoded(#"{"ok":true,"skipped":"busy"}"#)) == "scheduled break skipped: a session is already running")
        #expect(try ReplyText.start(decoded(#"{"ok":true,"skipped":"snoozed"}"#)).hasPrefix("scheduled break skipped: breaks are snoozed"))
        #expect(try ReplyText.start(decoded(#"{"ok":true,"skipped":"briefing"}"#))
            == "scheduled break skipped: the safety notes have not been heard yet (run relief-ctl safety)")
    }

    @Test func shortReplies() throws {
        #expect(try ReplyText.ping(decoded(#"{"ok":true,"version":"0.1.0","pid":1234}"#), path: "/run/s")
            == "reliefd 0.1.0, pid 1234, on /run/s")
        #expect(try ReplyText.cue(decoded(#"{"ok":true,"cue":"hold"}"#)) == "played hold")
        #expect(try ReplyText.snooze(decoded(#"{"ok":true,"snooze":{"until_unix":1763735400.0,"remaining":1800.0}}"#), clock: utcClock)
            == "scheduled breaks snoozed for 30:00 (until 14:30)")
        #expect(try ReplyText.snooze(decoded(#"{"ok":true,"snooze":null}"#), clock: utcClock) == "snooze off: scheduled breaks start again")
        #expect(try ReplyText.reload(decoded(#"{"ok":true,"routines":27,"problems":[]}"#)) == "reloaded 27 routines")
        #expect(try ReplyText.reload(decoded(#"{"ok":true,"routines":1,"problems":["/u/x.toml:4:1: unknown key 'hodl'"]}"#))
            == "reloaded 1 routine; 1 problem:\n  /u/x.toml:4:1: unknown key 'hodl'")
    }

    @Test(arguments: [
        (#"{"ok":true}"#, "status reply: 'state' is missing (expected a string)"),
        (#"{"ok":true,"state":3}"#, "status reply: 'state' should be a string, found 3"),
        (#"{"ok":true,"state":"running","step":{"index":"one"}}"#, "status reply: step: 'index' should be a whole number, found \"one\""),
        (#"{"ok":true,"state":"idle","audio":[]}"#, "status reply: 'audio' should be an object, found []"),
        (#"{"ok":true,"state":"idle","snooze":{"until_unix":1}}"#, "status reply: snooze: 'remaining' is missing (expected a number)"),
    ])
    func malformedStatusSaysWhichFieldIsWrong(line: String, message: String) throws {
        #expect(throws: MalformedReply(description: message)) {
            _ = try status(line, "status reply")
        }
    }

    @Test func malformedListAndHistoryAreCaught() throws {
        #expect(throws: MalformedReply(description: "list reply: routines[1]: 'duration' is missing (expected a number)")) {
            _ = try RoutineText.table(decoded(#"{"ok":true,"routines":[{"name":"a","title":"A","summary":"","duration":1,"source":"user"},{"name":"b","title":"B","summary":""}]}"#, "list reply"), width: nil)
        }
        #expect(throws: MalformedReply(description: "history reply: 'summary' is missing (expected an object)")) {
            _ = try HistoryText.render(decoded(#"{"ok":true,"sessions":[]}"#, "history reply"), days: 7, clock: utcClock)
        }
        #expect(throws: MalformedReply(description: "show reply: routine: 'cautions' should be an array of strings, found [1]")) {
            _ = try RoutineText.detail(decoded(#"{"ok":true,"routine":{"name":"x","title":"X","summary":"","duration":1,"source":"user","steps":[],"cautions":[1]}}"#, "show reply"), width: 80)
        }
    }
}
