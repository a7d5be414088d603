import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// Away, natural breaks and sleep with the real reliefd, logind and Mutter played by
/// python-dbusmock on private buses. At time scale 0.01 the `demo` break lasts 0.18 s and
/// `away_minutes = 5` is 3 s.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct PresenceEndToEndTests {
    static func daemon(system: DbusMock?, session: DbusMock?, arguments: [String] = [], breaks: String = "") throws -> ReliefdProcess {
        let directory = try TemporaryDirectory()
        _ = try directory.write("config/relief/reliefd.toml", "[breaks]\nroutine = \"demo\"\n" + breaks)
        return try ReliefdProcess(in: directory, arguments: arguments, environment: [
            "PULSE_SERVER": "unix:\(directory.path)/no-pulse",
            "DBUS_SYSTEM_BUS_ADDRESS": system?.bus.address ?? "unix:path=\(directory.path)/no-system-bus",
            "DBUS_SESSION_BUS_ADDRESS": session?.bus.address ?? "unix:path=\(directory.path)/no-session-bus",
        ])
    }

    static func status(_ client: RawClient) throws -> [String: Any] { try client.request(#"{"cmd":"status"}"#) }

    /// A scheduled start's skip reason, or "started" (the break is then stopped at once).
    static func scheduled(_ client: RawClient) throws -> String {
        let reply = try client.request(#"{"cmd":"start","scheduled":true}"#)
        if let reason = reply["skipped"] as? String { return reason }
        guard reply["routine"] as? String == "demo" else { return "unexpected: \(reply)" }
        _ = try client.request(#"{"cmd":"stop"}"#)
        return "started"
    }

    static func waitForChecks(_ client: RawClient, _ wanted: [String]) -> Bool {
        poll { Set((try? status(client)["checks"] as? [String]) ?? []).isSuperset(of: wanted) }
    }

    @Test(.enabled(if: DbusMock.isAvailable))
    func lockedIsAwayAndALockAsLongAsTheBreakIsANaturalBreak() throws {
        let logind = try DbusMock.logind()
        let daemon = try Self.daemon(system: logind, session: nil)
        let client = try daemon.client()
        #expect(Self.waitForChecks(client, ["away", "natural-breaks", "sleep"]), "\(daemon.log)")

        // Locked (logind marks a locked session idle too, since a second ago).
        try logind.setSession(locked: true, idle: true, idleSinceMonotonic: monotonicSeconds() - 1)
        #expect(try Self.scheduled(client) == "away")
        // Back: the lock lasted longer than the break, which counts as taken.
        try logind.setSession(locked: false, idle: false)
        #expect(poll { (try? Self.status(client)) != nil })
        #expect(try Self.scheduled(client) == "rested")
        let history = try client.request(#"{"cmd":"history","days":1}"#)
        let outcomes = (history["sessions"] as? [[String: Any]] ?? []).compactMap { $0["outcome"] as? String }
        #expect(outcomes.last == "rested", "\(history)")
        // A natural break is not counted as a session.
        let today = (history["summary"] as? [String: Any])?["today"] as? [String: Any]
        #expect(today?["sessions"] as? Int == outcomes.count - 1, "\(history)")
        // Rested only once: the next break is due again.
        #expect(try Self.scheduled(client) == "started")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: DbusMock.isAvailable))
    func logindIdleHintIsAwayAfterAwayMinutesAndRestedBefore() throws {
        let logind = try DbusMock.logind()
        let daemon = try Self.daemon(system: logind, session: nil)
        let client = try daemon.client()
        #expect(Self.waitForChecks(client, ["away"]), "\(daemon.log)")
        // Idle 10 s: more than away_minutes (3 s here).
        try logind.setSession(idle: true, idleSinceMonotonic: monotonicSeconds() - 10)
        #expect(try Self.scheduled(client) == "away")
        // Idle 1 s: not away yet, but longer than the break: rested.
        try logind.setSession(idle: true, idleSinceMonotonic: monotonicSeconds() - 1)
        try logind.setSession(idle: false)
        #expect(try Self.scheduled(client) == "rested")
        #expect(try Self.scheduled(client) == "started")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: DbusMock.isAvailable))
    func mutterIdletimeIsAwayAndRested() throws {
        let mutter = try DbusMock.mutter(idle: 10_000)
        let daemon = try Self.daemon(system: nil, session: mutter)
        let client = try daemon.client()
        #expect(Self.waitForChecks(client, ["away", "natural-breaks"]), "\(daemon.log)")
        #expect(try Self.status(client)["checks"] as? [String] == ["away", "natural-breaks"])  // no logind: no sleep
        #expect(try Self.scheduled(client) == "away")
        try mutter.setIdletime(1_000)
        #expect(try Self.scheduled(client) == "rested", "\(daemon.log)")
        try mutter.setIdletime(0)
        #expect(try Self.scheduled(client) == "started")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: DbusMock.isAvailable))
    func aRestMuttersWatchesSawEndBeforeTheTimerIsANaturalBreak() throws {
        let mutter = try DbusMock.mutter(idle: 0)
        let daemon = try Self.daemon(system: nil, session: mutter)
        let client = try daemon.client()
        // The idle watch: 30 s without input (0.3 s at this time scale).
        #expect(poll { mutter.calls(of: "AddIdleWatch").contains("t 300") }, "\(mutter.calls(of: "AddIdleWatch")) \(daemon.log)")
        try mutter.fireWatch(1)
        #expect(poll { !mutter.calls(of: "AddUserActiveWatch").isEmpty }, "\(daemon.log)")
        try mutter.fireWatch(2)
        // Back at the desk (idle time 0) before the timer: the rest of at least 0.3 s counts.
        #expect(try Self.scheduled(client) == "rested", "\(daemon.log)")
        #expect(try Self.scheduled(client) == "started")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: DbusMock.isAvailable))
    func theChecksCanBeTurnedOff() throws {
        let logind = try DbusMock.logind(display: false)  // the session found by listing them
        let daemon = try Self.daemon(system: logind, session: nil, breaks: "skip_when_away = false\nnatural_breaks = false\n")
        let client = try daemon.client()
        #expect(Self.waitForChecks(client, ["sleep"]), "\(daemon.log)")
        #expect(try Self.status(client)["checks"] as? [String] == ["sleep"])
        try logind.setSession(locked: true, idle: true, idleSinceMonotonic: monotonicSeconds() - 10)
        #expect(try Self.scheduled(client) == "started")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test(.enabled(if: DbusMock.isAvailable))
    func prepareForSleepPausesTheSessionWithoutACueAndDropsAPendingBreak() throws {
        let logind = try DbusMock.logind()
        // A 100 s warning (1 s here), so the pending break is still pending when sleep comes.
        let daemon = try Self.daemon(system: logind, session: nil, arguments: ["--warning", "100"])
        let client = try daemon.client()
        #expect(Self.waitForChecks(client, ["sleep"]), "\(daemon.log)")

        let pending = try client.request(#"{"cmd":"start","routine":"long","scheduled":true}"#)
        #expect(pending["routine"] as? String == "long", "\(pending)")
        try logind.prepareForSleep(true)
        #expect(poll { (try? Self.status(client))?["pending"] is NSNull }, "\(daemon.log)")
        #expect(try Self.status(client)["state"] as? String == "idle")

        _ = try client.request(#"{"cmd":"start","routine":"long"}"#)
        let events = try daemon.client()
        _ = try events.request(#"{"cmd":"subscribe"}"#)
        try logind.prepareForSleep(true)
        _ = try events.readObject(until: { $0["event"] as? String == "state" && $0["paused_for"] as? String == "sleep" })
        #expect(try Self.status(client)["state"] as? String == "paused")
        // Waking up leaves it paused; resume continues.
        try logind.prepareForSleep(false)
        #expect(poll { daemon.log.contains("resumed from sleep") })
        #expect(try Self.status(client)["state"] as? String == "paused")
        let resumed = try client.request(#"{"cmd":"resume"}"#)
        #expect(resumed["state"] as? String == "running" && resumed["paused_for"] is NSNull, "\(resumed)")
        // Cues sound in order: every cue before resume's own came before it; no pause cue
        // among them (the device was going away).
        var seen: [[String: Any]] = []
        _ = try events.readObject(until: { event in
            seen.append(event)
            return event["event"] as? String == "cue" && event["cue"] as? String == "resume"
        })
        #expect(!seen.contains { $0["event"] as? String == "cue" && $0["cue"] as? String == "pause" }, "\(seen)")
        // A pause the person asks for does play its cue, and the subscriber hears it.
        _ = try client.request(#"{"cmd":"pause"}"#)
        _ = try events.readObject(until: { $0["event"] as? String == "cue" && $0["cue"] as? String == "pause" })
        #expect(daemon.signal(SIGTERM) == 0)
    }
}
