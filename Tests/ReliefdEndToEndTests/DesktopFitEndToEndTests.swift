import Foundation
import ReliefMeasure
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// How reliefd fits the desktop around it: its log under systemd, its stream in the sound
/// server's list, and a piped `follow` in the order things happen (issue 16).
@Suite(.serialized, .timeLimit(.minutes(1)))
struct DesktopFitEndToEndTests {
    @Test func underSystemdTheLogHasJournalPrioritiesAndNoTimestamp() throws {
        let directory = try TemporaryDirectory()
        // A config problem is logged as an error, the start as info.
        try directory.write("config/relief/reliefd.toml", "[audio]\nvolume = 7\n")
        let journal = try ReliefdProcess(in: directory, journal: true)
        #expect(journal.signal(SIGTERM) == 0)
        let lines = journal.log.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("<3>config: ") && $0.contains("volume") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("<6>reliefd 0.1.0 serving on ") }, "\(lines)")
        #expect(lines.contains("<6>stopping on SIGTERM"), "\(lines)")
        #expect(lines.allSatisfy { $0.wholeMatch(of: /<[2-7]>.*/) != nil }, "\(lines)")

        // On a terminal or a file (no JOURNAL_STREAM, or one that is not stderr): as before.
        for environment in [[:], ["JOURNAL_STREAM": "1:2"]] {
            let plain = try ReliefdProcess(in: directory, environment: environment)
            #expect(plain.signal(SIGTERM) == 0)
            let first = try #require(plain.log.split(separator: "\n").first.map(String.init))
            #expect(first.firstMatch(of: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/) != nil, "\(first)")
            #expect(!plain.log.contains("<6>"))
        }
    }

    /// Two reps with a silent rest, so state changes without a cue sit between cues.
    static let rests = """
        name = "rests"
        title = "Rests"
        summary = "Holds with rests between."
        [[steps]]
        name = "Hold"
        how = "Hold still."
        prepare = 2
        hold = 4
        countdown = 2
        release = 2
        rest = 2
        reps = 2
        sides = ["left", "right"]
        """

    @Test func theStreamIsCalledReliefWithRoleEventAndPipedFollowKeepsTheOrder() throws {
        guard PulseNullSink.isAvailable else {
            print("skipped: pulseaudio not installed (apt-get install pulseaudio pulseaudio-utils)")
            return
        }
        let sink = try PulseNullSink()
        defer { sink.stop() }
        // A monitor reader keeps the null sink consuming in real time, like a sound card.
        let recorder = try sink.record()
        defer { _ = recorder.stop() }
        #expect(recorder.waitForData(timeout: 5))
        let directory = try TemporaryDirectory()
        let overlay = try directory.write("alsa.conf", sink.alsaOverlay(pcm: "relief_test"))
        let daemon = try ReliefdProcess(
            in: directory, timeScale: 0.2, arguments: ["--device", "relief_test", "--voice", "off"],
            routines: ["rests": Self.rests], silent: false,
            environment: ["ALSA_CONFIG_PATH": "/usr/share/alsa/alsa.conf:" + overlay])
        let follow = try CtlProcess(["follow", "--until-end"], socketPath: daemon.socketPath, in: directory)
        defer { follow.stop() }
        #expect(follow.waitFor { $0.count == 1 })
        _ = try daemon.client().request(#"{"cmd":"start","routine":"rests"}"#)

        // While it plays: what the sound server lists (pavucontrol shows the same).
        var listing = ""
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !listing.contains("Sink Input #") {
            listing = try runToEnd("/usr/bin/pactl", ["list", "sink-inputs"], environment: sink.environment(), timeout: 5).output
            usleep(50_000)
        }
        print("pactl list sink-inputs:\n\(listing.split(separator: "\n").filter { $0.contains("application.") || $0.contains("media.") }.joined(separator: "\n"))")
        #expect(listing.contains(#"application.name = "relief""#), "\(listing)")
        #expect(listing.contains(#"media.role = "event""#), "\(listing)")
        #expect(listing.contains(#"application.icon_name = "appointment-soon""#), "\(listing)")

        #expect(follow.waitForExit(timeout: 20) == 0, "\(follow.errors)")
        let lines = follow.lines
        #expect(lines.last?.hasSuffix("end rests completed") == true, "\(lines)")
        // Stamped HH:MM:SS.mmm; each line happened no earlier than the one before.
        let stamps = lines.compactMap { line -> Double? in
            guard let match = line.firstMatch(of: /^(\d\d):(\d\d):(\d\d\.\d\d\d)\s/) else { return nil }
            return Double(match.1)! * 3600 + Double(match.2)! * 60 + Double(match.3)!
        }
        #expect(stamps.count == lines.count)
        for (index, pair) in zip(stamps, stamps.dropFirst()).enumerated() where pair.1 < pair.0 {
            Issue.record("line \(index + 2) is stamped before the line above it:\n\(lines[index])\n\(lines[index + 1])")
        }
        // A cue that opens a phase comes before the state line that reports the phase.
        for (index, line) in lines.enumerated() where line.contains(" cue hold ") {
            let next = lines[(index + 1)...].first { $0.contains(" state ") }
            #expect(next?.contains("hold") == true, "after \(line): \(next ?? "nothing")")
        }
    }
}
