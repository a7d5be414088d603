import Testing
@testable import ReliefAudio

/// `silence(idsFrom:…)`: speech ends where a session paused, jumped or stopped; cues never.
@Suite struct SilenceTests {
    static let clock = FrameClock(rate: 48_000, anchorFrame: 0, anchorTime: 100)
    static let speechID: UInt64 = 1 << 63

    static func sound(_ id: UInt64, at instant: Double, frames: Int) -> ScheduledSound {
        ScheduledSound(id: id, clip: Clip(sampleRate: 48_000, samples: [Float](repeating: 0.5, count: frames * 2)),
              instant: instant, gain: 1, onset: { _ in })
    }

    @Test func soundingSpeechFadesOutAtTheFrameAndCuesPlayOn() {
        var mixer = Mixer()
        mixer.add(Self.sound(Self.speechID, at: 100, frames: 4_800))  // 0.1 s of speech from frame 0
        mixer.add(Self.sound(7, at: 100, frames: 4_800))  // a cue
        _ = mixer.place(blockStart: 0, count: 480, clock: Self.clock)
        var block = [Float](repeating: 0, count: 960)
        mixer.render(into: &block, blockStart: 0, count: 480)
        #expect(mixer.silence(idsFrom: Self.speechID, at: Self.clock.time(ofFrame: 1_000), frame: 1_000, fadeFrames: 480).isEmpty)

        let speech = mixer.sounds.first { $0.id == Self.speechID }!
        #expect(speech.clip.frameCount == 1_480)  // cut at 1000, then the 10 ms fade
        #expect(speech.clip.samples[2 * 999] == 0.5)
        #expect(speech.clip.samples[2 * 1_000] < 0.5)
        #expect(speech.clip.samples[2 * 1_479] < 0.01)
        #expect(mixer.sounds.first { $0.id == 7 }!.clip.frameCount == 4_800)  // the cue is untouched
    }

    @Test func queuedSpeechIsDroppedOrShortenedByItsInstant() {
        var mixer = Mixer()
        mixer.add(Self.sound(Self.speechID, at: 100.5, frames: 48_000))  // starts after the silence
        mixer.add(Self.sound(Self.speechID + 1, at: 99.9, frames: 48_000))  // would still sound at it
        let reports = mixer.silence(idsFrom: Self.speechID, at: 100.2, frame: 9_600, fadeFrames: 480)
        #expect(reports.count == 1 && reports[0].instant == nil)
        let shortened = try! #require(mixer.sounds.first)
        #expect(shortened.id == Self.speechID + 1)
        #expect(shortened.clip.frameCount == 14_400 + 480)  // 0.3 s to the silence, then the fade
    }

    @Test func aFadeNeverOutlastsTheClip() {
        let clip = Clip(sampleRate: 1_000, samples: [Float](repeating: 1, count: 40))  // 20 stereo frames
        let faded = clip.fadedOut(from: 10, over: 100)
        #expect(faded.frameCount == 20)  // the fade is cut to what is left of the clip
        #expect(faded.samples[18] == 1 && faded.samples[20] < 1 && faded.samples[38] < 0.1)
        #expect(clip.fadedOut(from: 30, over: 5) == clip)
        #expect(clip.fadedOut(from: -5, over: 2).frameCount == 2)
    }
}
