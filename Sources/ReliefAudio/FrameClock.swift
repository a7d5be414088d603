/// The mapping between frames of the stream and monotonic time: which frame reaches the
/// device at which instant.
///
/// Frames are counted from the first one written since the device was opened. The mapping
/// is an anchor (a frame and the instant it reaches the device) plus the nominal rate,
/// derived from the device's position readings (`snd_pcm_status`: frames written − delay,
/// at its timestamp) by `FreshestReading`.
struct FrameClock: Sendable, Equatable {
    /// Frames per second.
    var rate: Double
    /// A frame index …
    var anchorFrame: Int64
    /// … and the monotonic instant (seconds) it reaches the device.
    var anchorTime: Double

    /// The instant `frame` reaches the device.
    func time(ofFrame frame: Int64) -> Double {
        anchorTime + Double(frame - anchorFrame) / rate
    }

    /// The frame that reaches the device at `instant`, rounded to the nearest frame.
    func frame(at instant: Double) -> Int64 {
        anchorFrame + Int64(((instant - anchorTime) * rate).rounded())
    }
}

/// A device being started (or restarted after an underrun): until the server has really
/// begun to take frames, its delay readings come from the plugin's own bookkeeping (pulse
/// has no timing info yet; the pipewire graph has not run) and put a session's first cue up
/// to 20 ms from where it was reported. So the stream queues two periods, waits for the
/// device's pointer to move, and only then derives the mapping and places sounds.
struct StreamStart: Sendable, Equatable {
    /// The first frame written at this start.
    var firstFrame: Int64
    /// The device's period, frames.
    var periodFrames: Int

    enum Step: Equatable {
        /// Queue more silence (less than two periods are queued).
        case write
        /// Two periods queued and none taken: wait, queueing nothing that a cue would have to follow.
        case wait
        /// The device has taken frames: derive the mapping from the next reading.
        case running
    }

    /// What to do, given the frames written so far and the device's pointer (frames it has
    /// taken from the buffer: written − (buffer − room)).
    func step(written: Int64, devicePointer: Int64) -> Step {
        if devicePointer > firstFrame { return .running }
        return written - firstFrame >= Int64(2 * periodFrames) ? .wait : .write
    }
}

/// The freshest of a stream's recent position readings, as a `FrameClock`.
///
/// A reading says "frame F reaches the device at T", computed by the plugin from the frames
/// it still holds plus the server's latency. The ALSA pipewire plugin updates that only once
/// per graph cycle, so a reading taken later in a cycle is stale: it puts every frame late by
/// the time since the cycle, up to a whole quantum (PipeWire here: cues wandered ±5–13 ms as
/// the phase of the stream's wakeups against the cycle drifted). Readings are never early, so
/// the one that puts frames earliest in the last `window` seconds — the lower envelope of
/// T − F/rate, as the bench's recording clock does — is the fresh one. On PulseAudio, whose
/// plugin interpolates, the envelope sits within the readings' own spread.
struct FreshestReading: Sendable {
    /// Seconds of readings kept: several cycles of the largest quantum, short enough that a
    /// sound card drifting 100 ppm moves the mapping by 0.1 ms within it.
    static let window = 1.0
    /// A reading this much earlier than the envelope is a new mapping (a resumed or restarted
    /// server), taken at once rather than waited out.
    static let jump = 0.050

    let rate: Double
    /// (instant of the reading, T − F/rate), oldest first.
    private var readings: [(time: Double, offset: Double)] = []

    init(rate: Double) { self.rate = rate }

    /// Takes in "frame `frame` reaches the device at `time`" and returns the mapping from the
    /// freshest reading of the window.
    mutating func observe(frame: Int64, time: Double) -> FrameClock {
        let offset = time - Double(frame) / rate
        if let last = readings.last, abs(offset - last.offset) > FreshestReading.jump { readings.removeAll() }
        readings.removeAll { $0.time < time - FreshestReading.window }
        readings.append((time, offset))
        let freshest = readings.map(\.offset).min()!
        return FrameClock(rate: rate, anchorFrame: frame, anchorTime: Double(frame) / rate + freshest)
    }
}
