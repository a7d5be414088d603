import Foundation
import ReliefMeasure
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Context-aware breaks with the real reliefd and a real PulseAudio whose null source is the
/// microphone: `parec` on it is a call; recording the sink's monitor is not.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct InCallEndToEndTests {
    /// reliefd on `pulse`, with no logind and no session bus, `[breaks]` from `breaks`.
    static func daemon(on pulse: PulseNullSink, breaks: String = "", timeScale: Double = 0.01) throws -> ReliefdProcess {
        let directory = try TemporaryDirectory()
        _ = try directory.write("config/relief/reliefd.toml", "[breaks]\nroutine = \"demo\"\n" + breaks)
        return try ReliefdProcess(in: directory, timeScale: timeScale, environment: [
            "PULSE_SERVER": pulse.server,
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=\(directory.path)/no-system-bus",
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=\(directory.path)/no-session-bus",
        ])
    }

    static func status(_ client: RawClient) throws -> [String: Any] { try client.request(#"{"cmd":"status"}"#) }

    @Test(.enabled(if: PulseNullSink.isAvailable))
    func aCallDefersTheBreakUntilItHasBeenOverAfterCallSeconds() throws {
        let pulse = try PulseNullSink(modules: ["module-null-source source_name=mic"])
        defer { pulse.stop() }
        // 100 s after the call at time scale 0.01: 1 s.
        let daemon = try Self.daemon(on: pulse, breaks: "after_call_seconds = 100\n")
        let client = try daemon.client()
        #expect(poll { (try? Self.status(client)["checks"] as? [String])?.contains("in-call") ?? false }, "\(daemon.log)")

        // Recording what is played is no call: the break starts (and is stopped here).
        let visualiser = try ChildProcess(["parec", "-s", pulse.server, "-d", "null.monitor"], environment: pulse.environment())
        defer { visualiser.stop(within: 2) }
        #expect(poll { pulseStreams(pulse) == 1 })
        let started = try client.request(#"{"cmd":"start","scheduled":true}"#)
        #expect(started["skipped"] == nil && started["routine"] as? String == "demo", "\(started)")
        _ = try client.request(#"{"cmd":"stop"}"#)

        // The microphone records: a call.
        let call = try ChildProcess(["parec", "-s", pulse.server, "-d", "mic"], environment: pulse.environment())
        #expect(poll { pulseStreams(pulse) == 2 })
        let skipped = try client.request(#"{"cmd":"start","scheduled":true}"#)
        #expect(skipped["skipped"] as? String == "in-call", "\(skipped)")
        let waiting = try #require(try Self.status(client)["deferred"] as? [String: Any])
        #expect(waiting["routine"] as? String == "demo")
        #expect(waiting["reason"] as? String == "in-call")
        #expect(waiting["starts_unix"] is NSNull)

        // The call ends: the deferred break gets a start 1 s later, then begins with its warning.
        let ended = Date().timeIntervalSince1970
        call.kill()
        var startsUnix = 0.0
        #expect(poll {
            startsUnix = ((try? Self.status(client))?["deferred"] as? [String: Any])?["starts_unix"] as? Double ?? 0
            return startsUnix > 0
        }, "\(daemon.log)")
        #expect(startsUnix - ended > 0.95 && startsUnix - ended < 1.5, "starts \(startsUnix - ended) s after the call")
        #expect(poll { (try? Self.status(client))?["routine"] as? String == "demo" }, "\(daemon.log)")
        #expect(Date().timeIntervalSince1970 >= startsUnix - 0.05)
        #expect(try Self.status(client)["deferred"] is NSNull)
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: PulseNullSink.isAvailable))
    func stopAndSnoozeCancelTheDeferredBreakAndTheCheckCanBeTurnedOff() throws {
        let pulse = try PulseNullSink(modules: ["module-null-source source_name=mic"])
        defer { pulse.stop() }
        let daemon = try Self.daemon(on: pulse)
        let client = try daemon.client()
        #expect(poll { (try? Self.status(client)["checks"] as? [String])?.contains("in-call") ?? false }, "\(daemon.log)")
        let call = try ChildProcess(["parec", "-s", pulse.server, "-d", "mic"], environment: pulse.environment())
        defer { call.stop(within: 2) }
        #expect(poll { pulseStreams(pulse) == 1 })
        #expect(try client.request(#"{"cmd":"start","scheduled":true}"#)["skipped"] as? String == "in-call")
        #expect(try Self.status(client)["deferred"] is [String: Any])
        // stop cancels the deferred break (and is no error though nothing runs).
        let stopped = try client.request(#"{"cmd":"stop"}"#)
        #expect(stopped["ok"] as? Bool == true && stopped["deferred"] is NSNull, "\(stopped)")
        #expect(try client.request(#"{"cmd":"start","scheduled":true}"#)["skipped"] as? String == "in-call")
        _ = try client.request(#"{"cmd":"snooze","seconds":60}"#)
        #expect(try Self.status(client)["deferred"] is NSNull)
        _ = try client.request(#"{"cmd":"snooze","seconds":0}"#)

        // skip_in_call = false: the break starts into the call.
        try daemon.directory.write("config/relief/reliefd.toml", "[breaks]\nroutine = \"demo\"\nskip_in_call = false\n")
        _ = try client.request(#"{"cmd":"reload"}"#)
        #expect(!((try Self.status(client)["checks"] as? [String])?.contains("in-call") ?? true))
        let started = try client.request(#"{"cmd":"start","scheduled":true}"#)
        #expect(started["routine"] as? String == "demo", "\(started)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func withoutAnyServiceBreaksStartAsBefore() throws {
        let directory = try TemporaryDirectory()
        let daemon = try ReliefdProcess(in: directory, environment: [
            "PULSE_SERVER": "unix:\(directory.path)/no-pulse",
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=\(directory.path)/no-system-bus",
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=\(directory.path)/no-session-bus",
        ])
        let client = try daemon.client()
        #expect(try Self.status(client)["checks"] as? [String] == [])
        let started = try client.request(#"{"cmd":"start","routine":"demo","scheduled":true}"#)
        #expect(started["routine"] as? String == "demo", "\(started)")
        #expect(poll { daemon.log.contains("in-call check off") }, "\(daemon.log)")
        #expect(daemon.signal(SIGTERM) == 0)
    }
}

/// Polls `condition` every 10 ms for at most `timeout` seconds.
func poll(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// The number of recording streams on `pulse` (`pactl list short source-outputs`).
func pulseStreams(_ pulse: PulseNullSink) -> Int {
    guard let result = try? runToEnd("/usr/bin/pactl", ["-s", pulse.server, "list", "short", "source-outputs"],
                                     environment: pulse.environment(), timeout: 5), result.status == 0 else { return -1 }
    return result.output.split(separator: "\n").count
}
