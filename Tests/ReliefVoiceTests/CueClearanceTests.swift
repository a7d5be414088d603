import ReliefAudio
import Testing
@testable import ReliefVoice

/// Speech gives way to cues: cut before one it would run into, ducked under one inside it.
@Suite struct CueClearanceTests {
    /// One second of a constant level, so every gain shows directly in the samples.
    let speech = Clip(sampleRate: 1000, left: Array(repeating: 0.5, count: 1000), right: Array(repeating: 0.5, count: 1000))
    let clearance = CueClearance(guardTime: 0.05, fade: 0.02, duckGain: 0.25, duckLength: 0.4)

    @Test func aCutEndsTheSpeechWithAFadeAGuardBeforeTheCue() throws {
        let cut = try #require(speech.clearingCues(cut: 0.5, ducks: [], clearance: clearance))
        #expect(cut.frameCount == 450)  // silent from 0.45 s: the guard before the cue at 0.5 s
        #expect(cut.samples[2 * 449] == 0)
        #expect(cut.samples[2 * 400] == 0.5)  // before the 20 ms fade, untouched
        #expect(cut.samples[2 * 440] < 0.5 && cut.samples[2 * 440] > 0)
        // A cut after the end leaves the speech whole; one at its start leaves nothing.
        #expect(speech.clearingCues(cut: 2, ducks: [], clearance: clearance) == speech)
        #expect(speech.clearingCues(cut: 0.03, ducks: [], clearance: clearance) == nil)
    }

    @Test func aDuckLowersTheSpeechAroundACueInsideIt() throws {
        let ducked = try #require(speech.clearingCues(cut: nil, ducks: [0.3], clearance: clearance))
        #expect(ducked.frameCount == 1000)
        #expect(ducked.samples[2 * 100] == 0.5)  // well before
        #expect(ducked.samples[2 * 260] == 0.125)  // guard before the cue: −12 dB
        #expect(ducked.samples[2 * 650] == 0.125)  // 0.35 s after the cue: still ducked
        #expect(ducked.samples[2 * 900] == 0.5)  // after the duck and its ramp
        #expect(ducked.samples[2 * 240 + 1] > 0.125 && ducked.samples[2 * 240 + 1] < 0.5)  // the ramp, both channels
    }
}
