import Glibc

/// A short piece of stereo sound ready to mix: interleaved left/right `Float` samples in
/// −1…1 at `sampleRate`.
///
/// Cues are clips, and so is anything else the stream can play (spoken guidance, for one):
/// decode it with `Clip(wav:)` and hand it to `CueStream.schedule(clip:at:id:onset:)`.
public struct Clip: Sendable, Equatable {
    /// Frames per second.
    public var sampleRate: Int
    /// Interleaved samples: left, right, left, right, …
    public var samples: [Float]

    /// A clip from interleaved stereo samples (an odd trailing sample is dropped).
    public init(sampleRate: Int, samples: [Float]) {
        self.sampleRate = sampleRate
        self.samples = samples.count % 2 == 0 ? samples : Array(samples.dropLast())
    }

    /// A clip from separate channels (the shorter one decides the length).
    public init(sampleRate: Int, left: [Float], right: [Float]) {
        let count = min(left.count, right.count)
        var samples = [Float](repeating: 0, count: count * 2)
        for i in 0..<count {
            samples[2 * i] = left[i]
            samples[2 * i + 1] = right[i]
        }
        self.init(sampleRate: sampleRate, samples: samples)
    }

    /// Number of stereo frames.
    public var frameCount: Int { samples.count / 2 }

    /// Length in seconds.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// This clip at another sample rate, band-limited (windowed sinc) so that
    /// downsampling does not alias and upsampling does not image.
    public func resampled(to rate: Int) -> Clip {
        guard rate != sampleRate, rate > 0, frameCount > 0 else {
            return Clip(sampleRate: rate > 0 ? rate : sampleRate, samples: samples)
        }
        let ratio = Double(rate) / Double(sampleRate)
        let outCount = Int((Double(frameCount) * ratio).rounded())
        // Cut-off at the lower of the two Nyquist frequencies, in input-sample units.
        let cutoff = min(1.0, ratio)
        let lobes = 8.0
        let halfWidth = lobes / cutoff
        var out = [Float](repeating: 0, count: outCount * 2)
        for i in 0..<outCount {
            let center = Double(i) / ratio
            let first = max(0, Int((center - halfWidth).rounded(.up)))
            let last = min(frameCount - 1, Int((center + halfWidth).rounded(.down)))
            var left = 0.0, right = 0.0, weights = 0.0
            if first <= last {
                for k in first...last {
                    let x = (center - Double(k)) * cutoff
                    let w = sinc(x) * sinc(x / lobes)  // Lanczos window
                    left += w * Double(samples[2 * k])
                    right += w * Double(samples[2 * k + 1])
                    weights += w
                }
            }
            // Normalising by the weights keeps DC gain at 1, also at the clip's edges.
            if weights != 0 {
                out[2 * i] = Float(left / weights)
                out[2 * i + 1] = Float(right / weights)
            }
        }
        return Clip(sampleRate: rate, samples: out)
    }

    /// This clip with every sample multiplied by `gain`.
    public func scaled(by gain: Float) -> Clip {
        Clip(sampleRate: sampleRate, samples: samples.map { $0 * gain })
    }

    /// The loudest absolute sample value.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }
}

private func sinc(_ x: Double) -> Double {
    if abs(x) < 1e-9 { return 1 }
    let px = Double.pi * x
    return sin(px) / px
}

extension Clip {
    /// This clip ending at frame `frame`: a linear fade to silence over `fadeFrames` from
    /// there, nothing after. A `frame` at or past the end leaves the clip as it is.
    func fadedOut(from frame: Int, over fadeFrames: Int) -> Clip {
        let frame = max(0, frame)
        guard frame < frameCount else { return self }
        let fade = max(1, min(fadeFrames, frameCount - frame))
        var samples = Array(self.samples[0..<((frame + fade) * 2)])
        for offset in 0..<fade {
            let gain = Float(fade - offset) / Float(fade + 1)
            samples[2 * (frame + offset)] *= gain
            samples[2 * (frame + offset) + 1] *= gain
        }
        return Clip(sampleRate: sampleRate, samples: samples)
    }
}
