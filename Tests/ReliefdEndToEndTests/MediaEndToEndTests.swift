import Foundation
import ReliefMeasure
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hands-free control end to end: a private dbus-daemon per test, the real reliefd pointed at
/// it with DBUS_SESSION_BUS_ADDRESS, and busctl, dbus-send, playerctl and dbus-monitor as the
/// desktop's side. Other players are `tests/fake-mpris-player.py` processes.
@Suite(.serialized) struct MediaEndToEndTests {
    static let routines = ["long": TestRoutines.long]

    static func daemon(on bus: PrivateBus, timeScale: Double = 0.01, arguments: [String] = [],
                       config: String? = nil) throws -> ReliefdProcess {
        let directory = try TemporaryDirectory()
        if let config { try directory.write("config/relief/reliefd.toml", config) }
        return try ReliefdProcess(in: directory, timeScale: timeScale, arguments: arguments, routines: routines,
                                  environment: ["DBUS_SESSION_BUS_ADDRESS": bus.address])
    }

    static func status(_ daemon: ReliefdProcess) throws -> [String: Any] {
        try daemon.client().request(#"{"cmd":"status"}"#)
    }

    static func step(_ daemon: ReliefdProcess) throws -> Int? {
        (try status(daemon)["step"] as? [String: Any])?["index"] as? Int
    }

    static func mediaActive(_ daemon: ReliefdProcess) -> Bool {
        ((try? status(daemon))?["media"] as? [String: Any])?["active"] as? Bool == true
    }

    @Test func buttonsPauseSkipGoBackAndStopASessionAndThePlayerFollows() throws {
        let bus = try PrivateBus()
        let tools = MediaBusTools(bus: bus)
        let monitorLog = bus.directory + "/monitor.log"
        let monitor = try ChildProcess([
            "dbus-monitor", "--address", bus.address,
            "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',path='/org/mpris/MediaPlayer2'",
        ], environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"], output: .file(monitorLog))
        defer { monitor.stop(within: 1) }
        // At time scale 1, so that Previous comes within 2 s of Next and goes back a step.
        let daemon = try Self.daemon(on: bus, timeScale: 1)
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })
        #expect(tools.playbackStatus() == "Stopped")
        #expect(tools.property("CanControl") == "b true")

        // Idle, play does nothing: no surprise session.
        try tools.press("Play")
        try tools.press("PlayPause")
        #expect(try Self.status(daemon)["state"] as? String == "idle")

        let subscriber = try daemon.client()
        _ = try subscriber.request(#"{"cmd":"subscribe"}"#)
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(MediaBusTools.eventually { tools.playbackStatus() == "Playing" })
        let metadata = tools.property("Metadata") ?? ""
        #expect(metadata.contains(#""xesam:title" s "Hold on — "#))
        #expect(metadata.contains(#""xesam:album" s "Long""#))
        #expect(metadata.contains(#""mpris:trackid" o "/org/mpris/MediaPlayer2/relief/session/long""#))
        #expect(metadata.contains(#""mpris:length" x 6020000000"#))  // 6020 s, in µs

        try tools.press("PlayPause")
        #expect(try Self.status(daemon)["state"] as? String == "paused")
        #expect(MediaBusTools.eventually { tools.playbackStatus() == "Paused" })
        // The same cue as the socket's pause, on the event stream.
        #expect(try subscriber.readObject(until: { $0["cue"] as? String == "pause" })["event"] as? String == "cue")
        try tools.press("PlayPause")
        #expect(try Self.status(daemon)["state"] as? String == "running")
        #expect(try subscriber.readObject(until: { $0["cue"] as? String == "resume" })["event"] as? String == "cue")
        try tools.press("Pause")
        #expect(try Self.status(daemon)["state"] as? String == "paused")
        try tools.press("Play")
        #expect(try Self.status(daemon)["state"] as? String == "running")
        #expect(MediaBusTools.eventually { tools.playbackStatus() == "Playing" })

        try tools.press("Next")
        #expect(try Self.step(daemon) == 1)
        #expect(MediaBusTools.eventually { tools.property("Metadata")?.contains(#""xesam:title" s "Second — "#) == true })
        #expect(tools.property("Metadata")?.contains(#""xesam:trackNumber" i 2"#) == true)
        try tools.press("Previous")
        #expect(try Self.step(daemon) == 0)

        try tools.press("Stop")
        #expect(try Self.status(daemon)["state"] as? String == "idle")
        #expect(try subscriber.readObject(until: { $0["event"] as? String == "end" })["outcome"] as? String == "stopped")
        #expect(MediaBusTools.eventually { tools.playbackStatus() == "Stopped" })
        #expect(tools.property("CanGoNext") == "b false")

        // Every change was announced: PropertiesChanged carried each PlaybackStatus and the titles.
        #expect(MediaBusTools.eventually {
            let log = (try? String(contentsOfFile: monitorLog, encoding: .utf8)) ?? ""
            return ["\"Playing\"", "\"Paused\"", "\"Stopped\"", "Second — ", "org.mpris.MediaPlayer2.Player"]
                .allSatisfy(log.contains)
        })
    }

    @Test func playerctlFindsReliefByName() throws {
        let bus = try PrivateBus()
        let daemon = try Self.daemon(on: bus)
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        let environment = ["DBUS_SESSION_BUS_ADDRESS": bus.address, "PATH": "/usr/bin:/bin"]
        let toggled = try SystemdTestSupport.run("/usr/bin/playerctl", ["-p", "relief", "play-pause"], environment: environment,
                                                 timeout: 10)
        #expect(toggled.status == 0, "\(toggled.errors)")
        #expect(try Self.status(daemon)["state"] as? String == "paused")
        let title = try SystemdTestSupport.run("/usr/bin/playerctl", ["-p", "relief", "metadata", "xesam:title"],
                                               environment: environment, timeout: 10)
        #expect(title.output.hasPrefix("Hold on — "))
    }

    @Test func playingPlayersArePausedForASessionAndExactlyThoseResumed() throws {
        let bus = try PrivateBus()
        let tools = MediaBusTools(bus: bus)
        let music = try FakePlayer("music", status: "Playing", on: bus)
        let podcast = try FakePlayer("podcast", status: "Playing", on: bus)
        let video = try FakePlayer("video", status: "Paused", on: bus)
        let daemon = try Self.daemon(on: bus)
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })

        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(MediaBusTools.eventually { tools.playbackStatus(of: music.name) == "Paused" })
        #expect(MediaBusTools.eventually { tools.playbackStatus(of: podcast.name) == "Paused" })
        // The person plays the podcast during the session, then pauses it: theirs from now on.
        try tools.send("Play", to: podcast.name)
        try tools.send("Pause", to: podcast.name)

        _ = try daemon.client().request(#"{"cmd":"stop"}"#)
        #expect(MediaBusTools.eventually { tools.playbackStatus(of: music.name) == "Playing" })
        // Resuming is one round of calls: the others would have been resumed by now.
        #expect(!MediaBusTools.eventually(timeout: 0.5) { tools.playbackStatus(of: podcast.name) != "Paused" })
        #expect(tools.playbackStatus(of: video.name) == "Paused")
    }

    @Test func stoppingTheDaemonMidSessionResumesThePlayersItPaused() throws {
        let bus = try PrivateBus()
        let tools = MediaBusTools(bus: bus)
        let music = try FakePlayer("music", status: "Playing", on: bus)
        let daemon = try Self.daemon(on: bus)
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(MediaBusTools.eventually { tools.playbackStatus(of: music.name) == "Paused" })
        #expect(daemon.signal(SIGTERM) == 0)
        #expect(tools.playbackStatus(of: music.name) == "Playing")  // resumed before reliefd exited
    }

    @Test func desktopEntryOnlyWhenOneIsInstalled() throws {
        let bus = try PrivateBus()
        let directory = try TemporaryDirectory()
        try directory.write("data/applications/relief.desktop", "[Desktop Entry]\nType=Application\nName=relief\nExec=relief-ctl follow\n")
        let withEntry = try ReliefdProcess(in: directory, routines: Self.routines, environment: [
            "DBUS_SESSION_BUS_ADDRESS": bus.address, "XDG_DATA_HOME": directory.path + "/data", "XDG_DATA_DIRS": "/nonexistent",
        ])
        #expect(MediaBusTools.eventually { Self.mediaActive(withEntry) })
        let arguments = ["--address=\(bus.address)", "get-property", "org.mpris.MediaPlayer2.relief", "/org/mpris/MediaPlayer2",
                         "org.mpris.MediaPlayer2", "DesktopEntry"]
        #expect(try SystemdTestSupport.run("/usr/bin/busctl", arguments, timeout: 10).output == "s \"relief\"\n")
        #expect(withEntry.signal(SIGTERM) == 0)

        let without = try ReliefdProcess(routines: Self.routines, environment: [
            "DBUS_SESSION_BUS_ADDRESS": bus.address, "XDG_DATA_HOME": "/nonexistent", "XDG_DATA_DIRS": "/nonexistent",
        ])
        #expect(MediaBusTools.eventually { Self.mediaActive(without) })
        #expect(try SystemdTestSupport.run("/usr/bin/busctl", arguments, timeout: 10).status != 0)
    }

    @Test func aScheduledBreakPausesPlayersFromItsWarningAndACancelResumesThem() throws {
        let bus = try PrivateBus()
        let tools = MediaBusTools(bus: bus)
        let music = try FakePlayer("music", status: "Playing", on: bus)
        let daemon = try Self.daemon(on: bus, arguments: ["--warning", "300", "--break-routine", "long"])  // 3 s
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })
        let started = try daemon.client().request(#"{"cmd":"start","scheduled":true}"#)
        #expect(started["scheduled"] as? Bool == true)
        #expect(MediaBusTools.eventually { tools.playbackStatus(of: music.name) == "Paused" })
        #expect(try Self.status(daemon)["pending"] is [String: Any])
        try tools.press("Stop")  // a headset button cancels the pending break
        #expect(try Self.status(daemon)["pending"] is NSNull)
        #expect(MediaBusTools.eventually { tools.playbackStatus(of: music.name) == "Playing" })
    }

    @Test func pauseOthersFalseLeavesOtherPlayersAlone() throws {
        let bus = try PrivateBus()
        let tools = MediaBusTools(bus: bus)
        let music = try FakePlayer("music", status: "Playing", on: bus)
        let daemon = try Self.daemon(on: bus, config: "[media]\npause_others = false\n")
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })
        #expect((try Self.status(daemon)["media"] as? [String: Any])?["pause_others"] as? Bool == false)
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        #expect(MediaBusTools.eventually { tools.playbackStatus() == "Playing" })
        #expect(!MediaBusTools.eventually(timeout: 0.5) { tools.playbackStatus(of: music.name) != "Playing" })
    }

    @Test func withoutABusReliefdServesAndSaysSoOnce() throws {
        let daemon = try ReliefdProcess(routines: Self.routines,
                                        environment: ["DBUS_SESSION_BUS_ADDRESS": "", "XDG_RUNTIME_DIR": ""])
        let status = try Self.status(daemon)
        let media = status["media"] as? [String: Any]
        #expect(media?["active"] as? Bool == false)
        #expect((media?["error"] as? String)?.contains("no session bus") == true)
        #expect(try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)["ok"] as? Bool == true)
        #expect(try Self.status(daemon)["state"] as? String == "running")
        #expect(daemon.log.components(separatedBy: "no session bus").count == 2)  // one notice
    }

    @Test func whenTheBusComesBackTheNameDoesToo() throws {
        let bus = try PrivateBus()
        let daemon = try Self.daemon(on: bus)
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })
        bus.shutDown()
        #expect(MediaBusTools.eventually { !Self.mediaActive(daemon) })
        #expect((try Self.status(daemon)["media"] as? [String: Any])?["error"] as? String != nil)
        let again = try PrivateBus(directory: bus.directory)
        #expect(MediaBusTools.eventually { Self.mediaActive(daemon) })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"long"}"#)
        try MediaBusTools(bus: again).press("PlayPause")
        #expect(try Self.status(daemon)["state"] as? String == "paused")
    }
}
