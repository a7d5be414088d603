import ReliefAudio

/// How speech gives way to the cues it would overlap. Cues keep their exact instants and
/// speech never delays one: where speech runs into a cue it is cut, where a cue sounds
/// inside it the speech is ducked.
public struct CueClearance: Sendable, Equatable {
    /// Seconds of silence kept before a cut cue, so the tone starts clean.
    public var guardTime: Double
    /// Length of the fade-out before a cut, and of the ramps around a duck, in seconds;
    /// short enough to sound like a stop, long enough not to click.
    public var fade: Double
    /// Gain under a ducked cue: 0.25, −12 dB.
    public var duckGain: Float
    /// Seconds after a ducked cue's onset the speech stays ducked (the tick and halfway
    /// tones last 0.04 and 0.23 s).
    public var duckLength: Double

    /// The defaults: 50 ms guard, 20 ms fades, −12 dB for 0.4 s.
    public init(guardTime: Double = 0.05, fade: Double = 0.02, duckGain: Float = 0.25, duckLength: Double = 0.4) {
        self.guardTime = max(0, guardTime)
        self.fade = max(0, fade)
        self.duckGain = max(0, min(1, duckGain))
        self.duckLength = max(0, duckLength)
    }
}

extension Clip {
    /// This clip, started at time 0, made to give way to cues (times in seconds from the
    /// clip's start):
    ///
    /// - at `cut` the speech must be silent: it fades out over `fade` and ends `guardTime`
    ///   before `cut` (nil: no cut);
    /// - under each of `ducks` it plays at `duckGain` from `guardTime` before the cue to
    ///   `duckLength` after, with ramps of `fade` outside that stretch.
    ///
    /// Returns nil when nothing would be left (the cut comes at or before the start).
    /// Pure: the same inputs always give the same samples.
    public func clearingCues(cut: Double?, ducks: [Double], clearance: CueClearance = CueClearance()) -> Clip? {
        let rate = Double(sampleRate)
        var frames = frameCount
        if let cut {
            let end = Int(((cut - clearance.guardTime) * rate).rounded(.down))
            guard end > 0 else { return nil }
            frames = min(frames, end)
        }
        guard frames > 0 else { return nil }
        var gains = [Float](repeating: 1, count: frames)
        let fadeFrames = Double(max(1, Int((clearance.fade * rate).rounded())))
        if let cut, Int(((cut - clearance.guardTime) * rate).rounded(.down)) <= frameCount {
            // Fade to zero at the last kept frame.
            let fadeFrom = max(0, frames - Int(fadeFrames))
            for frame in fadeFrom..<frames {
                gains[frame] = min(gains[frame], Float(Double(frames - 1 - frame) / fadeFrames))
            }
        }
        for duck in ducks where duck.isFinite {
            let low = (duck - clearance.guardTime) * rate, high = (duck + clearance.duckLength) * rate
            let first = max(0, Int((low - fadeFrames).rounded(.down)))
            let last = min(frames - 1, Int((high + fadeFrames).rounded(.up)))
            guard first <= last else { continue }
            for frame in first...last {
                let position = Double(frame)
                // 1 outside, duckGain inside [low, high], linear ramps of fadeFrames between.
                let distance = position < low ? (low - position) / fadeFrames
                    : position > high ? (position - high) / fadeFrames : 0
                let gain = clearance.duckGain + (1 - clearance.duckGain) * Float(min(1, distance))
                gains[frame] = min(gains[frame], gain)
            }
        }
        var shaped = [Float](repeating: 0, count: frames * 2)
        for frame in 0..<frames {
            shaped[2 * frame] = samples[2 * frame] * gains[frame]
            shaped[2 * frame + 1] = samples[2 * frame + 1] * gains[frame]
        }
        return Clip(sampleRate: sampleRate, samples: shaped)
    }
}
