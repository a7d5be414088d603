import Foundation
import ReliefAudio
import ReliefCore
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// Spoken guidance through the real reliefd: a session captured byte for byte through an ALSA
/// `file` PCM, and sessions with voice off or espeak-ng missing running as before.
@Suite(.serialized) struct VoiceEndToEndTests {
    /// Two steps, the first two-sided, with prepares far too short for their announcements;
    /// every gap (× 0.3) still longer than the cue before it, so cues never touch each other.
    static let spokenRoutine = """
        name = "spoken"
        title = "Spoken"
        summary = "Two short steps."
        cautions = ["Keep it gentle."]
        [[steps]]
        name = "Reach"
        how = "Reach up with one arm."
        prepare = 2
        hold = 4
        countdown = 2
        release = 2
        sides = ["left", "right"]
        [[steps]]
        name = "Seated twist"
        how = "Sit tall and turn towards the named side."
        prepare = 2
        hold = 3
        countdown = 0
        release = 2
        """

    /// Runs a whole session of `routine` with a subscriber; returns its cue events.
    /// Waits (at most 30 s) until the capture file at `capture` stops growing: the stream
    /// writes silence while open and closes the file once everything queued has sounded.
    func waitUntilCaptureSettles(_ capture: String) {
        var size = -1
        for _ in 0..<100 {
            let now = (try? FileManager.default.attributesOfItem(atPath: capture)[.size] as? Int) ?? 0
            if now == size { break }
            size = now
            usleep(300_000)
        }
    }

    func runSession(_ daemon: ReliefdProcess, routine: String, timeout: Double) throws -> [[String: Any]] {
        let subscriber = try daemon.client()
        #expect(try subscriber.request(#"{"cmd":"subscribe"}"#)["subscribed"] as? Bool == true)
        let started = try daemon.client().request(#"{"cmd":"start","routine":"\#(routine)"}"#)
        #expect(started["ok"] as? Bool == true, "\(started)")
        var cues: [[String: Any]] = []
        let end = try subscriber.readObject(until: { event in
            if event["event"] as? String == "cue" { cues.append(event) }
            return event["event"] as? String == "end"
        }, timeout: timeout)
        #expect(end["outcome"] as? String == "completed")
        return cues
    }

    @Test func aCapturedSessionHasSpeechBeforeEachStepAndEveryCueUntouched() throws {
        let directory = try TemporaryDirectory()
        let capture = directory.path + "/capture.raw"
        let daemon = try ReliefdProcess(in: directory, timeScale: 0.3,
                                        arguments: ["--device", "file:FILE=\(capture),FORMAT=raw", "--volume", "1",
                                                    "--voice", "on", "--voice-rate", "260"],
                                        routines: ["spoken": Self.spokenRoutine], silent: false)
        let cues = try runSession(daemon, routine: "spoken", timeout: 90)
        // The closing line plays after `complete`; the stream writes (silence, while open)
        // until everything queued has sounded, then closes the file: wait until it stops growing.
        waitUntilCaptureSettles(capture)
        #expect(daemon.signal(SIGTERM) == 0)
        #expect(!daemon.log.contains("spoken guidance:"), "\(daemon.log)")  // no rendering problem

        let names = cues.map { $0["cue"] as? String ?? "?" }
        #expect(names == ["begin", "hold", "tick", "tick", "release", "switch-side", "hold", "tick", "tick", "release",
                          "begin", "hold", "release", "complete"])
        let planned = cues.map { $0["planned_unix"] as? Double ?? 0 }
        let samples = readCapture(capture)
        let rate = 48_000.0
        let theme = CueTheme.builtIn()
        let clips = names.map { int16Samples(theme.clips[Cue(rawValue: $0)!]!) }

        // Each cue, exactly as its WAV (nothing mixed into it), at its planned distance from the first.
        let first = try #require(find(clips[0], in: samples, from: 0) as Int?, "the first begin cue is not in the capture")
        var frames: [Int] = []
        for index in cues.indices {
            let expected = first + Int(((planned[index] - planned[0]) * rate).rounded())
            let found = (-3...3).lazy.map { expected + $0 }.first { matches(clips[index], in: samples, at: $0) }
            #expect(found != nil, "cue \(index) (\(names[index])) is not intact near frame \(expected): speech overlaps it")
            frames.append(found ?? expected)
        }

        // Before each step's begin: speech after the cue before it, silent in the last 30 ms.
        let stepBegins = [0, 10]
        for begin in stepBegins {
            let from = begin == 0 ? 0 : frames[begin - 1] + clips[begin - 1].count / 2
            let loud = loudFrames(samples, from: from, to: frames[begin])
            #expect(Double(loud) / rate > 0.5, "only \(Double(loud) / rate) s of sound before step begin cue \(begin)")
            #expect(loudFrames(samples, from: frames[begin] - Int(0.03 * rate), to: frames[begin]) == 0)
        }
        // Speech before the switch, and the closing line after `complete`.
        #expect(loudFrames(samples, from: frames[4] + clips[4].count / 2, to: frames[5]) > Int(0.3 * rate))
        let afterComplete = frames[13] + clips[13].count / 2
        #expect(loudFrames(samples, from: afterComplete, to: samples.count / 2) > Int(0.5 * rate))
    }

    @Test func voiceOffPlaysTheTimelineAsBefore() throws {
        let daemon = try ReliefdProcess(timeScale: 0.02, arguments: ["--voice", "off"])
        let shown = try daemon.client().request(#"{"cmd":"show","routine":"demo"}"#)
        let routine = try #require(shown["routine"] as? [String: Any])
        #expect(routine["spoken"] is NSNull)
        #expect(routine["duration"] as? Double == 18)
        let cues = try runSession(daemon, routine: "demo", timeout: 20)
        #expect(cues.count == 13)
        #expect(!daemon.log.contains("espeak-ng"))
    }

    @Test func voiceOnShowsWhatWillBeSaidAndLengthensTheTimeline() throws {
        let daemon = try ReliefdProcess(timeScale: 1, arguments: ["--voice", "on"])
        let shown = try daemon.client().request(#"{"cmd":"show","routine":"demo"}"#)
        let routine = try #require(shown["routine"] as? [String: Any])
        let spoken = try #require(routine["spoken"] as? [[String: Any]])
        let texts = spoken.compactMap { $0["text"] as? String }
        #expect(texts.first?.hasPrefix("Demo, ") == true)
        #expect(texts.contains("Reach, left side first. Reach up with one arm. Hold five seconds each side."))
        #expect(texts.contains("Switch sides."))
        #expect(texts.last == "Demo complete. Well done.")
        let starts = spoken.compactMap { $0["at"] as? Double }
        #expect(starts == starts.sorted())
        #expect(try #require(routine["duration"] as? Double) > 18)  // a lead-in before the first step
    }

    @Test func withoutEspeakNGOneNoticeAndCuesAlone() throws {
        let daemon = try ReliefdProcess(timeScale: 0.02, arguments: ["--voice", "on"],
                                        environment: ["PATH": "/nonexistent"])
        let shown = try daemon.client().request(#"{"cmd":"show","routine":"demo"}"#)
        #expect((shown["routine"] as? [String: Any])?["spoken"] is NSNull)
        let cues = try runSession(daemon, routine: "demo", timeout: 20)
        #expect(cues.count == 13)
        let notices = daemon.log.components(separatedBy: "espeak-ng is not installed").count - 1
        #expect(notices == 1, "\(daemon.log)")
    }

    @Test func aVoiceEspeakNGDoesNotKnowIsReportedOnceAndCuesPlayOn() throws {
        let daemon = try ReliefdProcess(timeScale: 0.02, arguments: ["--device", "null", "--voice", "on",
                                                                     "--voice-name", "xx-nonexistent", "--voice-rate", "450"],
                                        silent: false)
        let cues = try runSession(daemon, routine: "demo", timeout: 60)
        #expect(cues.count == 13)
        let log = daemon.log
        #expect(log.components(separatedBy: "spoken guidance: espeak-ng").count - 1 == 1, "\(log)")
        #expect(log.contains("xx-nonexistent"), "\(log)")
    }

    @Test func aBadVoiceFlagIsAUsageError() throws {
        let result = try runToEnd(ReliefdProcess.binary, ["--voice", "loud", "--socket", "/nonexistent/s"])
        #expect(result.status == 64)
        #expect(result.errors.contains("--voice"), "\(result.errors)")
        #expect(result.errors.contains("on or off"), "\(result.errors)")
    }

    // MARK: Reading the capture

    func readCapture(_ path: String) -> [Int16] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return data.withUnsafeBytes { raw in raw.bindMemory(to: Int16.self).map { Int16(littleEndian: $0) } }
    }

    func int16Samples(_ clip: Clip) -> [Int16] {
        clip.samples.map { Int16(max(-32768, min(32767, ($0 * 32768).rounded()))) }
    }

    /// Whether `clip` (interleaved stereo) sits unchanged in `samples` from stereo frame `frame`.
    func matches(_ clip: [Int16], in samples: [Int16], at frame: Int) -> Bool {
        let start = frame * 2
        guard start >= 0, start + clip.count <= samples.count else { return false }
        return samples[start..<(start + clip.count)].elementsEqual(clip)
    }

    /// The first stereo frame at or after `from` where `clip` sits unchanged.
    func find(_ clip: [Int16], in samples: [Int16], from: Int) -> Int? {
        guard let firstSound = clip.firstIndex(where: { $0 != 0 }) else { return nil }
        var frame = from
        while (frame * 2) + clip.count <= samples.count {
            if samples[frame * 2 + firstSound] == clip[firstSound], matches(clip, in: samples, at: frame) { return frame }
            frame += 1
        }
        return nil
    }

    /// Stereo frames in `from..<to` louder than −36 dB on either channel.
    func loudFrames(_ samples: [Int16], from: Int, to: Int) -> Int {
        guard from < to else { return 0 }
        var count = 0
        for frame in max(0, from)..<min(to, samples.count / 2)
        where abs(Int(samples[2 * frame])) > 500 || abs(Int(samples[2 * frame + 1])) > 500 {
            count += 1
        }
        return count
    }
}
