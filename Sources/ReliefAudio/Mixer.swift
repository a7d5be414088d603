import Glibc

/// One sound waiting to play or playing: a clip, the instant it should start sounding and
/// the frame it was given once its turn came.
struct ScheduledSound: Sendable {
    var id: UInt64
    var clip: Clip
    var instant: Double
    var gain: Float
    var onset: @Sendable (Double?) -> Void
    /// The stream frame of the clip's first frame; nil until placed.
    var startFrame: Int64?
}

/// A report owed to a caller: the onset estimate (nil when the sound did not play).
struct OnsetReport: Sendable {
    var onset: @Sendable (Double?) -> Void
    var instant: Double?
}

/// Mixes the sounds of one stream into blocks of frames.
///
/// Pure bookkeeping and arithmetic, no device and no clock: the stream asks it to place the
/// sounds whose instant falls into the block about to be written, then to render that block.
/// Sums are soft-limited so overlapping cues never clip.
struct Mixer: Sendable {
    /// A sound whose frame has already passed by more than this is dropped rather than
    /// played late (a cue a quarter second late misleads more than a missing one).
    static let lateLimit = 0.25

    private(set) var sounds: [ScheduledSound] = []

    var isEmpty: Bool { sounds.isEmpty }

    /// The earliest instant among sounds not yet placed.
    var earliestPendingInstant: Double? {
        sounds.lazy.filter { $0.startFrame == nil }.map(\.instant).min()
    }

    /// The last frame any placed sound still needs (exclusive), if any.
    var lastPlacedEnd: Int64? {
        sounds.compactMap { v in v.startFrame.map { $0 + Int64(v.clip.frameCount) } }.max()
    }

    mutating func add(_ sound: ScheduledSound) { sounds.append(sound) }

    /// Drops sounds not yet placed whose instant is at or after `instant`.
    mutating func cancel(from instant: Double) -> [OnsetReport] {
        var reports: [OnsetReport] = []
        sounds.removeAll { sound in
            guard sound.startFrame == nil, sound.instant >= instant else { return false }
            reports.append(OnsetReport(onset: sound.onset, instant: nil))
            return true
        }
        return reports
    }

    /// Ends every sound whose id is at least `minimumID` (spoken guidance) at `instant`,
    /// which is stream frame `frame`, fading out over `fadeFrames` from there. Placed sounds
    /// are cut at `frame` (the caller passes a frame not yet written, so what has sounded is
    /// untouched and the fade is heard whole); unplaced ones starting at or after `instant`
    /// are dropped (nil onset), earlier ones shortened to end there.
    mutating func silence(idsFrom minimumID: UInt64, at instant: Double, frame: Int64, fadeFrames: Int) -> [OnsetReport] {
        var reports: [OnsetReport] = []
        sounds.removeAll { sound in
            guard sound.id >= minimumID else { return false }
            guard let start = sound.startFrame else {
                guard sound.instant >= instant else { return false }
                reports.append(OnsetReport(onset: sound.onset, instant: nil))
                return true
            }
            return start >= frame
        }
        for index in sounds.indices where sounds[index].id >= minimumID {
            let sound = sounds[index]
            let cut = sound.startFrame.map { Int(frame - $0) }
                ?? Int(((instant - sound.instant) * Double(sound.clip.sampleRate)).rounded())
            sounds[index].clip = sound.clip.fadedOut(from: cut, over: fadeFrames)
        }
        return reports
    }

    /// Drops unplaced sounds whose instant is more than `lateLimit` before `now`: used while
    /// no device is open, so callers hear back (nil) when their cue would have sounded.
    mutating func dropMissed(now: Double) -> [OnsetReport] {
        var reports: [OnsetReport] = []
        sounds.removeAll { sound in
            guard sound.startFrame == nil, sound.instant < now - Mixer.lateLimit else { return false }
            reports.append(OnsetReport(onset: sound.onset, instant: nil))
            return true
        }
        return reports
    }

    /// Converts sounds not yet placed to `rate` (a device that settled on another rate).
    mutating func convertPending(to rate: Int) {
        for index in sounds.indices where sounds[index].startFrame == nil && sounds[index].clip.sampleRate != rate {
            sounds[index].clip = sounds[index].clip.resampled(to: rate)
        }
    }

    /// Forgets sounds already playing (their device is gone); unplaced ones stay.
    mutating func dropPlaced() {
        sounds.removeAll { $0.startFrame != nil }
    }

    /// Gives a start frame to every unplaced sound whose instant maps into the block
    /// `[blockStart, blockStart + count)`. A sound whose frame lies before the block starts
    /// with the block (late), or is dropped when later than `lateLimit`.
    mutating func place(blockStart: Int64, count: Int, clock: FrameClock) -> [OnsetReport] {
        var reports: [OnsetReport] = []
        let blockEnd = blockStart + Int64(count)
        let lateFrames = Int64(Mixer.lateLimit * clock.rate)
        sounds.removeAll { sound in
            guard sound.startFrame == nil else { return false }
            let frame = clock.frame(at: sound.instant)
            if frame < blockStart - lateFrames {
                reports.append(OnsetReport(onset: sound.onset, instant: nil))
                return true
            }
            return false
        }
        for index in sounds.indices where sounds[index].startFrame == nil {
            let frame = clock.frame(at: sounds[index].instant)
            guard frame < blockEnd else { continue }
            let start = max(frame, blockStart)
            sounds[index].startFrame = start
            reports.append(OnsetReport(onset: sounds[index].onset, instant: clock.time(ofFrame: start)))
        }
        return reports
    }

    /// Mixes the placed sounds into `block` (interleaved stereo, `count` frames starting at
    /// stream frame `blockStart`), soft-limits the sum and forgets sounds that have ended.
    mutating func render(into block: inout [Float], blockStart: Int64, count: Int) {
        for i in 0..<(count * 2) { block[i] = 0 }
        let blockEnd = blockStart + Int64(count)
        for sound in sounds {
            guard let start = sound.startFrame else { continue }
            let end = start + Int64(sound.clip.frameCount)
            let from = max(start, blockStart), to = min(end, blockEnd)
            guard from < to else { continue }
            let gain = sound.gain
            sound.clip.samples.withUnsafeBufferPointer { clip in
                var source = Int(from - start) * 2
                var target = Int(from - blockStart) * 2
                for _ in from..<to {
                    block[target] += clip[source] * gain
                    block[target + 1] += clip[source + 1] * gain
                    source += 2
                    target += 2
                }
            }
        }
        for i in 0..<(count * 2) { block[i] = softLimit(block[i]) }
        sounds.removeAll { sound in
            guard let start = sound.startFrame else { return false }
            return start + Int64(sound.clip.frameCount) <= blockEnd
        }
    }
}

/// Passes samples below the knee unchanged and bends louder ones smoothly towards ±1, so a
/// sum of overlapping cues never clips and a single cue (peaks ≤ 0.5) is untouched.
func softLimit(_ x: Float) -> Float {
    let knee: Float = 0.8
    let magnitude = abs(x)
    guard magnitude > knee else { return x }
    // z/(1+z) approaches 1 without reaching it (unlike tanh in Float, which saturates).
    let z = (magnitude - knee) / (1 - knee)
    let bent = min(knee + (1 - knee) * z / (1 + z), 32_767 / 32_768)
    return x < 0 ? -bent : bent
}
