import ReliefAudio

/// Rendered speech, kept compact until it is queued: mono 16-bit samples at the speech
/// engine's rate (espeak-ng: 22 050 Hz), about 44 kB a second against 384 kB for the
/// stream's stereo float at 48 kHz, so a session's announcements stay small while waiting.
public struct SpeechClip: Sendable, Equatable {
    /// Frames per second.
    public var sampleRate: Int
    /// Mono samples.
    public var samples: [Int16]

    /// Length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Peak level speech is normalised to: below the cues' (−8 dB ≈ 0.4 peak, −12 dB RMS)
    /// in peak, near them in loudness (speech has a far higher crest factor), and under the
    /// mixer's soft-limit knee (0.8), so speech alone is never bent.
    public static let peak: Float = 0.7
    /// Silence kept before the first and after the last sound, in seconds.
    public static let edge = 0.02
    /// A sample below this share of the clip's peak counts as silence when trimming.
    static let silenceShare: Float = 0.01

    /// A clip from mono samples.
    public init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// Decodes espeak-ng's WAV output (any format `Clip(wav:)` reads; the left channel of
    /// stereo), trims the silence espeak-ng leaves at both ends (keeping `edge`) and
    /// normalises the peak to `peak`. A clip with no sound at all is empty.
    public init(wav bytes: [UInt8]) throws(WAVError) {
        let decoded = try Clip(wav: bytes)
        let frames = decoded.frameCount
        var mono = [Float](repeating: 0, count: frames)
        var loudest: Float = 0
        for frame in 0..<frames {
            let value = decoded.samples[2 * frame]
            mono[frame] = value
            loudest = max(loudest, abs(value))
        }
        sampleRate = decoded.sampleRate
        guard loudest > 0 else {
            samples = []
            return
        }
        let threshold = loudest * Self.silenceShare
        let first = mono.firstIndex { abs($0) > threshold } ?? 0
        let last = mono.lastIndex { abs($0) > threshold } ?? frames - 1
        let keep = Int(Self.edge * Double(sampleRate))
        let range = max(0, first - keep)...min(frames - 1, last + keep)
        let gain = Self.peak / loudest
        samples = mono[range].map { Int16(max(-32_767, min(32_767, ($0 * gain * 32_768).rounded()))) }
    }

    /// Clips said one after another with `pause` seconds of silence between them.
    public static func joined(_ clips: [SpeechClip], pause: Double) -> SpeechClip? {
        guard let rate = clips.first?.sampleRate else { return nil }
        let gap = [Int16](repeating: 0, count: Int(max(0, pause) * Double(rate)))
        var samples: [Int16] = []
        for (index, clip) in clips.enumerated() {
            if index > 0 { samples += gap }
            // Clips from one engine share a rate; anything else is converted first.
            samples += clip.sampleRate == rate ? clip.samples : clip.resampledSamples(to: rate)
        }
        return SpeechClip(sampleRate: rate, samples: samples)
    }

    /// The speech as a stereo clip centred between the ears, at its own rate.
    public var clip: Clip {
        let mono = samples.map { Float($0) / 32_768 }
        return Clip(sampleRate: sampleRate, left: mono, right: mono)
    }

    private func resampledSamples(to rate: Int) -> [Int16] {
        let converted = clip.resampled(to: rate)
        return (0..<converted.frameCount).map { Int16(max(-32_767, min(32_767, (converted.samples[2 * $0] * 32_768).rounded()))) }
    }
}
