import ReliefProtocol
import Testing
@testable import ReliefCtlKit

/// What relief-ctl prints for context-aware breaks: skip reasons in words, the deferred
/// break, the active checks, a session paused for sleep.
@Suite struct ContextFormattingTests {
    @Test func skipReasonsInWords() throws {
        #expect(try ReplyText.start(decoded(#"{"ok":true,"skipped":"in-call"}"#))
            == "scheduled break deferred: a microphone or camera is in use; it starts once the call is over (relief-ctl stop cancels it)")
        #expect(try ReplyText.start(decoded(#"{"ok":true,"skipped":"away"}"#))
            == "scheduled break skipped: you are away (screen locked or idle)")
        #expect(try ReplyText.start(decoded(#"{"ok":true,"skipped":"rested"}"#))
            == "scheduled break skipped: you rested for a break's length since the last one (recorded in the history)")
    }

    @Test func statusShowsTheDeferredBreakAndTheChecks() throws {
        let waiting = idleStatus.replacing(#""snooze":null"#, with: #""snooze":null,"deferred":{"routine":"posture-break","reason":"in-call","starts_unix":null},"checks":["in-call","away","natural-breaks","sleep"],"paused_for":null"#)
            .replacing(#""pending":{"routine":"posture-break","starts_unix":1763733608.0}"#, with: #""pending":null"#)
        #expect(StatusText.block(try status(waiting), clock: utcClock) == """
            state:     idle
            deferred:  posture-break once the call is over (relief-ctl stop cancels it)
            snooze:    off
            checks:    in-call, away, natural-breaks, sleep
            audio:     default, ok
            """)
        let due = waiting.replacing(#""starts_unix":null"#, with: #""starts_unix":1763733700.0"#)
        #expect(StatusText.block(try status(due), clock: utcClock)
            .contains("deferred:  posture-break starts in 1:40 (at 14:01), after the call\n"))
        let none = idleStatus.replacing(#""snooze":null"#, with: #""snooze":null,"checks":[]"#)
        #expect(StatusText.block(try status(none), clock: utcClock).contains("checks:  none (breaks start on the timer)"))
    }

    @Test func aSessionPausedForSleepSaysSo() throws {
        let paused = runningStatus.replacing(#""state":"running""#, with: #""state":"paused","paused_for":"sleep""#)
        let report = try status(paused)
        #expect(StatusText.block(report, clock: utcClock).hasPrefix("state:    paused for sleep\n"))
        #expect(StatusText.summary(report).hasPrefix("paused for sleep: wall-stretch"))
    }
}

extension ContextFormattingTests {
    @Test func aNaturalBreakInTheHistoryIsNoSession() throws {
        let reply: HistoryReport = try decoded("""
            {"ok":true,"sessions":[
              {"routine":"posture-break","start":1763733000.0,"end":1763733000.0,"outcome":"rested","scheduled":true,"steps_done":0,"seconds":0}],
             "summary":{"today":{"sessions":0,"seconds":0},"last_7_days":{"sessions":0,"seconds":0},"streak_days":0}}
            """)
        #expect(try HistoryText.render(reply, days: 1, clock: utcClock).hasSuffix("""
            Sessions in the last day:
              Fri 2025-11-21 13:50  posture-break  rested (natural break)  –    scheduled
            """))
    }
}
