import Glibc

/// Where sounds handed over from now on sound on time, and until when the stream thread
/// holds its next write so that they do (see `StreamSession.onTimeOffer`).
struct OnTimeOffer {
    let instant: Double
    let holdUntil: Double?
}

/// The stream thread's view of one device: the PCM, the frame counter, the frame↔time
/// mapping and the sounds being mixed. Lives on that thread only.
struct StreamSession {
    let request: StreamRequest
    private(set) var device: PCMDevice?
    var mixer = Mixer()
    private(set) var clock: FrameClock?
    /// Frames written since the device was opened; the index of the next frame.
    private(set) var written: Int64 = 0
    /// True for devices that take data as fast as it comes (ALSA `null`, `file` onto
    /// `null`): they do not pace us, so the stream paces itself by the monotonic clock.
    private(set) var selfPaced = false
    private var block: [Float] = []
    private var lastSoundEnd: Int64?
    private var waitedForRoom = 0.0
    /// The last wait for room ended because the device signalled it (not a timeout).
    private var roomSignalled = false
    /// Set from (re)start until the device is seen taking frames; nothing is placed meanwhile.
    private(set) var starting: StreamStart?
    /// The device's recent position readings; the mapping follows the freshest.
    private var readings = FreshestReading(rate: 48_000)
    /// True while the device is open but stopped between sounds (see `rest`).
    private(set) var resting = false
    /// Since when nothing has sounded or been queued; nil while something is.
    private var quietSince: Double?
    /// When the device was last started (opened or woken), until it is seen running.
    private var startedAt: Double?
    /// The longest the device took from a start until it was seen running, seconds.
    private(set) var slowestStart = 0.0

    /// A device that accepts nothing for this long is treated as gone.
    static let stallLimit = 2.0

    init(request: StreamRequest) { self.request = request }

    private var bufferDuration: Double {
        guard let device else { return 0 }
        return Double(device.bufferFrames) / Double(device.rate)
    }

    /// Opens the device, fills its buffer with silence, starts it and derives the mapping.
    mutating func openDevice(name: String, config: String?) throws(AlsaError) {
        let device = try PCMDevice(name: name, config: config, request: request)
        self.device = device
        written = 0
        lastSoundEnd = nil
        mixer.convertPending(to: device.rate)
        block = [Float](repeating: 0, count: max(device.bufferFrames, device.periodFrames) * 2)
        do throws(AlsaError) {
            try startPlayback()
        } catch {
            closeDevice()
            throw error
        }
    }

    /// Queues a sound, converted to the device's rate when the device settled on another
    /// rate than the one clips are prepared at (hw devices without a resampler).
    mutating func add(_ sound: ScheduledSound) {
        var sound = sound
        if let rate = device?.rate, sound.clip.sampleRate != rate { sound.clip = sound.clip.resampled(to: rate) }
        mixer.add(sound)
    }

    /// Ends the sounds with ids from `minimumID` on at `instant` with a short fade, or at
    /// the first frame not yet written when that is later (see `Mixer.silence`).
    mutating func silence(idsFrom minimumID: UInt64, from instant: Double) -> [OnsetReport] {
        let rate = device?.rate ?? request.rate
        let frame = clock.map { max($0.frame(at: instant), written) } ?? written
        return mixer.silence(idsFrom: minimumID, at: instant, frame: frame, fadeFrames: rate / 100)
    }

    /// Releases the device (at once; the caller waited until everything has sounded).
    mutating func closeDevice() {
        device?.close()
        device = nil
        clock = nil
        lastSoundEnd = nil
        resting = false
        quietSince = nil
    }

    // MARK: Resting between sounds

    /// How long before a queued sound's instant a resting device is started again: well
    /// over the slowest start of a device that rests (`slowestRestingStart`). A start that
    /// still takes longer (the sink was suspended meanwhile) plays that sound late, reported
    /// where it really sounds, and ends resting for the stream.
    static let wakeLead = 0.06
    /// The slowest start after which the stream no longer rests. A sound asked for "now"
    /// (the cue of `pause`, `stop`, a headset button) is due 20 ms after the request; it
    /// must not wait for a slow start, and a sink that starts slowly (a suspended one
    /// resuming its hardware, an idle null sink's 2 s block) does so because nothing kept
    /// it running: a stream that keeps playing keeps it running.
    static let slowestRestingStart = 0.012
    /// A gap shorter than the lead plus this is played through (silence written) rather
    /// than rested in: a start costs more than a short stretch of periods.
    static let shortestRest = 0.5
    /// How long the stream stays quiet before it rests, so a caller that opened it for a
    /// sound about to be handed over (the first cue of a session) finds it playing.
    static let quietBeforeRest = 0.05

    /// Whether the device should stop until the next sound: it starts quickly, plays
    /// nothing, has played everything out, has been quiet a moment and has nothing due
    /// before a restart would be needed anyway. A stream kept running through a 30 s hold
    /// wakes the machine hundreds of times a second to write silence; a stopped one not at
    /// all. Self-paced devices (captures) never rest: their silence is what they record.
    mutating func shouldRest(now: Double) -> Bool {
        guard device != nil, !resting, !selfPaced, starting == nil,
              slowestStart <= StreamSession.slowestRestingStart else { return false }
        let quiet = mixer.lastPlacedEnd == nil && hasPlayedOut(now: now)
            && (mixer.earliestPendingInstant.map { $0 - now > StreamSession.wakeLead + StreamSession.shortestRest } ?? true)
        guard quiet else {
            quietSince = nil
            return false
        }
        if quietSince == nil { quietSince = now }
        return now - quietSince! >= StreamSession.quietBeforeRest
    }

    /// Stops the device, dropping the silence queued; it stays open and configured.
    mutating func rest() throws(AlsaError) {
        guard let device else { return }
        try device.drop()
        resting = true
        clock = nil
        quietSince = nil
    }

    /// When a resting device must start again for the earliest queued sound (nil: none).
    var wakeInstant: Double? {
        mixer.earliestPendingInstant.map { $0 - StreamSession.wakeLead }
    }

    /// Starts a resting device again: prepared, primed with a period of silence and
    /// started, with a fresh mapping once it is seen running (as at `openDevice`).
    mutating func wake() throws(AlsaError) {
        guard let device, resting else { return }
        resting = false
        try device.prepare()
        try startPlayback()
    }

    /// Where a sound handed to the stream from now on is placed on time, once the device
    /// plays (nil while it is closed or still starting). The thread writes ahead of the
    /// device until its buffer is full, so a sound handed a moment later lands a whole buffer
    /// ahead; to let the first sound of a session start sooner, the thread may `hold` its
    /// next write for a few milliseconds, until the caller's sound arrives — only as long as
    /// what is queued keeps the device fed. Then the next frame to write is still free.
    func onTimeOffer(now: Double) -> OnTimeOffer? {
        guard let device, let clock, starting == nil else { return nil }
        let next = clock.time(ofFrame: written)
        let afterPeriod = OnTimeOffer(instant: clock.time(ofFrame: written + Int64(device.periodFrames)), holdUntil: nil)
        if selfPaced { return afterPeriod }
        guard let room = try? device.available() else { return nil }
        let queued = Double(device.bufferFrames - room) / Double(device.rate)
        let hold = min(StreamSession.holdLimit, queued - StreamSession.holdMargin)
        if hold >= StreamSession.handoff {
            return OnTimeOffer(instant: next + StreamSession.handoff, holdUntil: now + hold)
        }
        // No hold: with room for a period the thread writes one at once, before a sound
        // handed now arrives; with the device full, it writes when room frees (about a period
        // from now), so the next frame is still free give or take a hiccup (`handoff`).
        if room >= device.periodFrames { return afterPeriod }
        return OnTimeOffer(instant: next + StreamSession.handoff, holdUntil: nil)
    }

    /// Time allowed for a caller to hand a sound over after it learnt where it is on time.
    static let handoff = 0.002
    /// The longest the thread holds its writes for a caller's first sound.
    static let holdLimit = 0.008
    /// What stays queued at the end of a hold, so the device never runs dry.
    static let holdMargin = 0.004

    /// Whether every frame of the last sound has reached the device.
    func hasPlayedOut(now: Double) -> Bool {
        guard device != nil, let clock, let lastSoundEnd else { return true }
        return now >= clock.time(ofFrame: lastSoundEnd) + 0.002
    }

    /// Recovers from an underrun or suspend: the device restarts with a fresh buffer of
    /// silence and a re-derived mapping; frame numbering continues, so sounds carry on.
    mutating func recover(from error: AlsaError) throws(AlsaError) {
        guard let device else { throw error }
        try device.recover(from: error)
        try startPlayback()
    }

    /// Starts the device with a single period of silence and derives the mapping; the
    /// periods after it are written by `writePeriod`, which mixes in the sounds due. Filling
    /// the whole buffer with silence first would cover a cue due within that buffer (the
    /// first cue of a session is due a few milliseconds after the device opens) and make it
    /// late by up to a buffer.
    private mutating func startPlayback() throws(AlsaError) {
        guard let device else { return }
        startedAt = MonotonicClock.now()
        for i in block.indices { block[i] = 0 }
        var filled = 0  // frames queued since this start (`written` keeps counting across recoveries)
        let first = min(try device.available(), device.periodFrames, block.count / 2)
        if first > 0 { filled = try device.write(block, count: first) }
        // A device that has as much room after a period was queued as before does not
        // consume in real time (ALSA `null`, `file` onto `null`).
        let roomAfterFirst = try device.available()
        selfPaced = roomAfterFirst > device.bufferFrames - device.periodFrames
        if selfPaced {
            // Fill the buffer as a real device would hold it; what is written next sounds
            // one buffer later.
            while filled < device.bufferFrames {
                let done = try device.write(block, count: min(device.bufferFrames - filled, block.count / 2))
                guard done > 0 else { break }
                filled += done
            }
        }
        written += Int64(filled)
        if device.isPrepared { try device.start() }
        waitedForRoom = 0
        if selfPaced {
            clock = FrameClock(rate: Double(device.rate), anchorFrame: written, anchorTime: MonotonicClock.now() + bufferDuration)
            starting = nil
        } else {
            // A provisional mapping, replaced once the device runs (see `StreamStart`).
            let position = try device.position()
            clock = FrameClock(rate: Double(device.rate), anchorFrame: written - Int64(position.delay), anchorTime: position.time)
            starting = StreamStart(firstFrame: written - Int64(filled), periodFrames: device.periodFrames)
        }
    }

    /// Writes one period (or what fits): places the sounds due in it, mixes and writes. Returns an instant
    /// to sleep until when the device is self-paced and ahead, nil otherwise. `callerWaiting`:
    /// a caller waits for the device to play (`onTimeOffer`), so its start is watched closely.
    mutating func writePeriod(callerWaiting: Bool = false, deliver: ([OnsetReport]) -> Void) throws(AlsaError) -> Double? {
        guard let device, var clock else { return nil }
        let period = device.periodFrames
        var count = period
        if selfPaced {
            let now = MonotonicClock.now()
            let due = clock.time(ofFrame: written) - bufferDuration
            if due > now + 0.0002 { return due }
            if now - due > bufferDuration - 0.001 {
                // A stall (the thread did not run) longer than the buffer: a real device would
                // have run dry, and what is written now sounds a buffer from now, not when the
                // frame count says. Without re-anchoring, cues written late were placed — and
                // reported — as on time. A shorter delay only drains the buffer, as it would
                // on a real device: the next frame is still written before it plays. (Counting
                // a period's delay as a stall moved every later cue of a capture whenever a
                // busy machine kept the thread waiting 10 ms.)
                clock = FrameClock(rate: Double(device.rate), anchorFrame: written, anchorTime: now + bufferDuration)
                self.clock = clock
            }
        } else {
            let room = try device.available()
            let pointer = written - Int64(device.bufferFrames - room)
            if starting?.step(written: written, devicePointer: pointer) == .wait {
                if device.isPrepared { try device.start() }
                // Watched every millisecond when a caller waits or a sound is due soon; a start
                // well ahead of the next sound (a cold sink may take seconds) every 5 ms, well
                // within the two periods queued. (Poll cannot wait for it: the pulse plugin
                // reports the device ready while it has not begun.)
                let soon = callerWaiting || (mixer.earliestPendingInstant.map { $0 - MonotonicClock.now() < 0.1 } ?? true)
                let pause = soon ? 0.001 : 0.005
                usleep(UInt32(pause * 1e6))
                waitedForRoom += pause
                if waitedForRoom >= StreamSession.stallLimit {
                    throw AlsaError(call: "snd_pcm_start", returned: -Int(ETIMEDOUT))
                }
                return nil
            }
            if room < period {
                if device.isPrepared { try device.start() }
                if room > 0 && roomSignalled {
                    // Some plugins (pulse) never report a whole period free until they get
                    // data: after poll said "ready", write what fits rather than starve.
                    count = room
                } else {
                    if roomSignalled { usleep(1_000) }  // ready yet full: do not spin
                    roomSignalled = try device.waitForRoom(milliseconds: 50)
                    if roomSignalled {
                        waitedForRoom = 0
                    } else {
                        waitedForRoom += 0.05
                        if waitedForRoom >= StreamSession.stallLimit {
                            throw AlsaError(call: "snd_pcm_wait", returned: -Int(ETIMEDOUT))
                        }
                    }
                    return nil
                }
            }
            roomSignalled = false
            waitedForRoom = 0
            let position = try device.position()
            let reaching = written - Int64(position.delay)
            if let start = starting {
                // The server runs: its delay readings include its real latency from now on.
                if start.step(written: written, devicePointer: pointer) == .running {
                    readings = FreshestReading(rate: clock.rate)
                    clock = readings.observe(frame: reaching, time: position.time)
                    starting = nil
                    if let startedAt {
                        slowestStart = max(slowestStart, MonotonicClock.now() - startedAt)
                        self.startedAt = nil
                    }
                }
            } else {
                clock = readings.observe(frame: reaching, time: position.time)
            }
            self.clock = clock
        }
        // Sounds due while the device is still starting are placed once it runs: late by the
        // rest of its start-up, and reported where they really sound.
        if starting == nil { deliver(mixer.place(blockStart: written, count: count, clock: clock)) }
        if let end = mixer.lastPlacedEnd { lastSoundEnd = max(lastSoundEnd ?? end, end) }
        if block.count < count * 2 { block = [Float](repeating: 0, count: count * 2) }
        mixer.render(into: &block, blockStart: written, count: count)
        written += Int64(try device.write(block, count: count))
        return nil
    }
}
