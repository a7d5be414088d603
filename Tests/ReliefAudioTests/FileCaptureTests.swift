import Glibc
import ReliefCue
import ReliefMeasure
import Testing
@_spi(Testing) @testable import ReliefAudio

/// Content through an ALSA `file` PCM onto `null` (byte-exact capture of what the stream
/// writes; not real-time, so only frame positions are checked, never wall-clock timing).
@Suite struct FileCaptureTests {
    @Test func everyCueIsCapturedExactlyInOrderAtThePlannedFrameDistance() throws {
        let directory = try #require(makeTemporaryDirectory(prefix: "relief-capture"))
        defer { removeTree(directory) }
        let path = "\(directory)/capture.raw"
        let stream = CueStream(device: "file:FILE=\(path),FORMAT=raw", alsaConfig: nil)
        let theme = CueTheme.builtIn()

        // Every cue once, each after the previous one has ended, with 120 ms of silence
        // between (longer than any gap inside a cue, so onsets are unambiguous).
        let start = now() + 0.15
        var plan: [(cue: Cue, instant: Double)] = []
        var instant = start
        for cue in Cue.allCases {
            plan.append((cue, instant))
            instant += theme.clips[cue]!.duration + 0.12
        }
        let log = OnsetLog()
        stream.open()
        for (index, item) in plan.enumerated() {
            stream.schedule(item.cue, at: item.instant, id: CueID(UInt64(index)), onset: log.callback(UInt64(index)))
        }
        stream.close()
        #expect(stream.waitUntilIdle(timeout: instant - now() + 5))
        #expect(log.wait(for: plan.count, timeout: 2))
        #expect(stream.status.ok, "\(stream.status)")

        let captured = readSamples(path)
        let onsets = OnsetDetector.onsets(in: captured, channels: 2, minimumSilence: 4_800)
        try #require(onsets.count == plan.count, "found \(onsets.count) onsets, planned \(plan.count)")

        var firstStart: Int?
        for (index, item) in plan.enumerated() {
            let expected = int16Samples(theme.clips[item.cue]!)
            let leadIn = try #require(OnsetDetector.leadIn(of: expected, channels: 2))
            let startFrame = onsets[index] - leadIn
            let slice = Array(captured[(startFrame * 2)..<min(captured.count, startFrame * 2 + expected.count)])
            #expect(slice == expected, "cue \(item.cue.rawValue) differs from its WAV at frame \(startFrame)")
            if let firstStart {
                let planned = Int(((item.instant - plan[0].instant) * 48_000).rounded())
                #expect(abs(startFrame - firstStart - planned) <= 2,
                        "cue \(item.cue.rawValue): \(startFrame - firstStart) frames after the first, planned \(planned)")
            } else {
                firstStart = startFrame
            }
            // Each reported onset matches the frame distance too.
            let first = try #require(log.reports[0] ?? nil)
            let reported = try #require(log.reports[UInt64(index)] ?? nil)
            #expect(abs((reported - first) - (item.instant - plan[0].instant)) < 0.0001)
        }
    }
}
