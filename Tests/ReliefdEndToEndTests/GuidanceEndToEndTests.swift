import Foundation
import ReliefAudio
import ReliefCore
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// Issue 12 through the real reliefd: what a person hears in a posture break with the
/// default settings (voice on), and the safety notes on request. Its own suite, so the long
/// capture runs beside the other voice tests rather than after them.
@Suite struct GuidanceEndToEndTests {
    /// The capture helpers.
    let voice = VoiceEndToEndTests()

    @Test func postureBreakWithDefaultSettingsIsSpokenAndLastsAtMostFiveMinutes() throws {
        // No --voice flag: reliefd's default. Built-in routines only; time scale 1 for the length.
        let daemon = try ReliefdProcess(timeScale: 1, routines: [:], defaultVoice: true)
        let shown = try daemon.client().request(#"{"cmd":"show","routine":"posture-break"}"#)
        let routine = try #require(shown["routine"] as? [String: Any])
        let spoken = try #require(routine["spoken"] as? [[String: Any]], "voice is not on by default: \(shown)")
        let texts = spoken.compactMap { $0["text"] as? String }
        #expect(texts.first?.contains(SafetyNotes.stopOnPain) == true, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("Neck rolls.") && $0.contains("roll your head") && $0.contains("Keep moving") })
        let duration = try #require(routine["duration"] as? Double)
        #expect(duration <= 300 && duration >= 180, "posture-break with voice lasts \(duration) s")
        let steps = try #require(routine["steps"] as? [[String: Any]])
        #expect(steps[0]["move"] as? Double == 8 && steps[0]["hold"] is NSNull)
        #expect(steps[0]["chosen_by_relief"] as? [String] == ["move"])
        let ctl = try runToEnd(ctlBinary, ["--socket", daemon.socketPath, "show", "posture-break"])
        #expect(ctl.output.contains("Time chosen by relief"), "\(ctl.output)")
        #expect(ctl.output.contains("keep moving 8 s"), "\(ctl.output)")
        #expect(ctl.output.contains("Said: Sitting tall, drop one ear"), "\(ctl.output)")
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func aCapturedPostureBreakWithDefaultSettingsSpeaksBeforeEachStepAndMovesWhereAStepMoves() throws {
        let directory = try TemporaryDirectory()
        let capture = directory.path + "/capture.raw"
        // No --voice flag: reliefd's default (voice on, 160 words a minute). Time scale 0.2:
        // every gap between two cues (× 0.2) is still longer than the cue before it, so each
        // cue can be found whole in the capture.
        let daemon = try ReliefdProcess(in: directory, timeScale: 0.2,
                                        arguments: ["--device", "file:FILE=\(capture),FORMAT=raw", "--volume", "1"],
                                        routines: [:], silent: false, defaultVoice: true)

        let cues = try voice.runSession(daemon, routine: "posture-break", timeout: 240)
        voice.waitUntilCaptureSettles(capture)
        #expect(daemon.signal(SIGTERM) == 0)
        #expect(!daemon.log.contains("spoken guidance:"), "\(daemon.log)")

        let names = cues.map { $0["cue"] as? String ?? "?" }
        let steps = cues.map { (($0["step"] as? [String: Any])?["index"] as? Int) ?? -1 }
        // The neck rolls move (five rolls, five move cues, no hold); the other steps hold or breathe.
        #expect(zip(names, steps).filter { $0.1 == 0 }.map(\.0).filter { $0 == "move" || $0 == "hold" }
            == Array(repeating: "move", count: 5))
        #expect(!zip(names, steps).contains { $0.0 == "move" && $0.1 != 0 })
        #expect(zip(names, steps).contains { $0.0 == "hold" && $0.1 == 1 })

        let planned = cues.map { $0["planned_unix"] as? Double ?? 0 }
        let samples = voice.readCapture(capture)
        let rate = 48_000.0
        let theme = CueTheme.builtIn()
        let clips = names.map { voice.int16Samples(theme.clips[Cue(rawValue: $0)!]!) }
        let first = try #require(voice.find(clips[0], in: samples, from: 0) as Int?, "the first begin cue is not in the capture")
        // A file PCM is not paced in real time: when a loaded test run stalls the stream, the
        // cues after the stall are written (and reported) later. So each cue is looked for from
        // where the one before it was found, at the planned distance, and may come late.
        var frames: [Int] = []
        var anchor = (frame: first, planned: planned[0])
        for index in cues.indices {
            let expected = anchor.frame + Int(((planned[index] - anchor.planned) * rate).rounded())
            let found = voice.find(clips[index], in: samples, from: max(0, expected - 3))
                .flatMap { $0 <= expected + Int(2 * rate) ? $0 : nil }
            frames.append(found ?? -1)
            if let found { anchor = (found, planned[index]) }
        }
        // Every move cue sounds, whole and as the move cue, where the timeline puts it.
        for index in cues.indices where names[index] == "move" {
            #expect(frames[index] >= 0, "move cue \(index) is not intact at its place")
        }
        #expect(theme.clips[.move] != theme.clips[.hold])
        // Speech before each step: at least a second of sound between the cue before the
        // step's begin (or the start) and the begin, silent in the last 30 ms before it.
        let begins = cues.indices.filter { index in
            names[index] == "begin" && (index == 0 || steps[index - 1] != steps[index])
        }
        #expect(begins.count == 5)
        for begin in begins {
            try #require(frames[begin] >= 0, "step begin cue \(begin) is not intact")
            let from = begin == 0 ? 0 : frames[begin - 1] + clips[begin - 1].count / 2
            let loud = voice.loudFrames(samples, from: from, to: frames[begin])
            #expect(Double(loud) / rate > 1.0, "only \(Double(loud) / rate) s of speech before step \(steps[begin])")
            #expect(voice.loudFrames(samples, from: frames[begin] - Int(0.03 * rate), to: frames[begin]) == 0)
        }
    }

    @Test func safetyPrintsTheNotesAndSaysThemThroughTheVoice() throws {
        let daemon = try ReliefdProcess(timeScale: 0.02, arguments: ["--device", "null", "--voice", "on"], silent: false,
                                        briefingHeard: false)
        let marker = daemon.stateDirectory + "/safety-briefing-heard"
        #expect(!FileManager.default.fileExists(atPath: marker))
        let reply = try daemon.client().request(#"{"cmd":"safety"}"#)
        #expect(reply["ok"] as? Bool == true, "\(reply)")
        #expect(reply["notes"] as? [String] == SafetyNotes.general)
        #expect(reply["spoken"] as? Bool == true)
        #expect(FileManager.default.fileExists(atPath: marker))

        let ctl = try runToEnd(ctlBinary, ["--socket", daemon.socketPath, "safety"])
        #expect(ctl.status == 0)
        #expect(ctl.output.contains("osteoporosis") && ctl.output.contains("worse at night"), "\(ctl.output)")
        #expect(ctl.output.contains("reliefd is saying them now"))
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func voiceIsOnByDefaultAndTheConfigFileOrTheFlagTurnItOff() throws {
        func spoken(_ daemon: ReliefdProcess) throws -> Bool {
            let shown = try daemon.client().request(#"{"cmd":"show","routine":"demo"}"#)
            return (shown["routine"] as? [String: Any])?["spoken"] is [[String: Any]]
        }
        #expect(try spoken(ReliefdProcess(timeScale: 1, defaultVoice: true)))
        #expect(try !spoken(ReliefdProcess(timeScale: 1, arguments: ["--voice", "off"])))
        let directory = try TemporaryDirectory()
        _ = try directory.write("config/relief/reliefd.toml", "[voice]\nenabled = false\n")
        #expect(try !spoken(ReliefdProcess(in: directory, timeScale: 1, defaultVoice: true)))
    }

    /// `relief-ctl`, built beside `reliefd`.
    var ctlBinary: String {
        URL(fileURLWithPath: ReliefdProcess.binary).deletingLastPathComponent().appendingPathComponent("relief-ctl").path
    }
}
