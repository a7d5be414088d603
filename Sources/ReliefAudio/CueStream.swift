import Dispatch
import Glibc
import ReliefCue
import Synchronization
import ReliefSystem

/// The ALSA implementation of `CuePlayer`: one PCM stream per session, fed silence while
/// open, with every cue mixed in at the frame that reaches the device at the cue's instant.
///
/// A thread of its own owns the device from `open()` until `close()` and everything
/// scheduled has sounded; when idle there is no thread, no device and no timer. Callers
/// never block: requests are queued under a lock and the thread picks them up within a
/// period. Device trouble (absent, busy, vanished, stalled) is kept in `status` and the
/// device retried with backoff while the stream is open; the timeline never waits for it.
public final class CueStream: CuePlayer {
    /// The ALSA PCM name, as given to `--device` (or changed by ``setOutput(device:volume:)``).
    public var device: String { shared.withLock { $0.device } }
    /// Amplitude factor 0…1 applied to every sound (`--volume`).
    public var volume: Float { shared.withLock { $0.volume } }

    private let config: String?
    private let request: StreamRequest
    private let soundDirectories: [String]
    private let problemReport: @Sendable (String) -> Void
    private let deviceReport: @Sendable (DeviceEvent, String) -> Void
    private let shared: Mutex<Shared>
    private let wake = DispatchSemaphore(value: 0)
    private let reports = DispatchQueue(label: "relief.audio.onsets")

    private struct Shared: Sendable {
        var device: String
        var volume: Float
        var wantOpen = false
        var threadRunning = false
        var incoming: [ScheduledSound] = []
        var cancels: [Double] = []
        /// `silence(idsFrom:from:)` requests not yet handed to the mixer.
        var silences: [(minimumID: UInt64, instant: Double)] = []
        var status: AudioStatus
        var theme: CueTheme
        var underruns = 0
        var rests = 0
        var slowestStart = 0.0
        /// Set by `open()`, cleared once the thread has tried the device (or has it open).
        var awaitingAttempt = false
        /// Set by `open()`, cleared when the thread publishes `onTimeFrom` (the device plays).
        var awaitingOnTime = false
        /// Where sounds are on time (`StreamSession.onTimeOffer`), as the thread published it after an `open()`.
        var onTimeFrom: Double?
    }

    /// A stream on the ALSA PCM `device` (default `"default"`, which follows the desktop's
    /// routing). `soundDirectories` are searched in order for `CUE.wav` overrides (pass
    /// `--sounds DIR` first, then `CueTheme.userDirectory`); each unusable file is passed to
    /// `problems` (by default printed to stderr) and the built-in cue used instead.
    public convenience init(
        device: String = "default",
        soundDirectories: [String] = [],
        volume: Double = 1,
        problems: @escaping @Sendable (String) -> Void = { printToStandardError("relief: sounds: \($0)") },
        deviceEvents: @escaping @Sendable (DeviceEvent, String) -> Void = { _, line in printToStandardError("relief: \(line)") }
    ) {
        self.init(device: device, alsaConfig: nil, request: StreamRequest(), soundDirectories: soundDirectories,
                  volume: volume, problems: problems, deviceEvents: deviceEvents)
    }

    /// How much a device event matters, for the log.
    public enum DeviceEvent: Sendable { case warning, notice }

    /// A stream whose ALSA configuration is `alsaConfig` (the whole tree, replacing the
    /// system's) rather than the system's: tests and benchmarks route to a private server.
    package init(
        device: String,
        alsaConfig: String?,
        request: StreamRequest = StreamRequest(),
        soundDirectories: [String] = [],
        volume: Double = 1,
        problems: @escaping @Sendable (String) -> Void = { _ in },
        deviceEvents: @escaping @Sendable (DeviceEvent, String) -> Void = { _, _ in }
    ) {
        self.deviceReport = deviceEvents
        self.config = alsaConfig
        self.request = request
        self.soundDirectories = soundDirectories
        self.problemReport = problems
        let theme = CueTheme.load(overrideDirectories: soundDirectories, sampleRate: request.rate)
        shared = Mutex(Shared(device: device, volume: Self.gain(volume), status: AudioStatus(device: device, ok: true),
                              theme: theme))
        theme.problems.forEach(problems)
    }

    // MARK: CuePlayer

    /// Starts the stream's thread (if idle), which opens the device and feeds it silence.
    public func open() {
        shared.withLock { state in
            state.wantOpen = true
            state.awaitingAttempt = true
            state.awaitingOnTime = true
            state.onTimeFrom = nil
        }
        ensureThread()
        wake.signal()
    }

    /// Queues `cue` (from the loaded theme) to start sounding at `instant`; never blocks.
    public func schedule(_ cue: Cue, at instant: Double, id: CueID, onset: @escaping @Sendable (Double?) -> Void) {
        guard let clip = shared.withLock({ $0.theme.clips[cue] }) else {
            reports.async { onset(nil) }
            return
        }
        enqueue(clip, at: instant, id: id.mixerID, onset: onset)
    }

    /// Schedules speech like a cue: it starts sounding at `instant` (monotonic seconds) and
    /// `onset` hears once when its first frame reaches the device (nil when it could not play).
    public func schedule(clip: Clip, at instant: Double, id: SpeechID, onset: @escaping @Sendable (Double?) -> Void) {
        enqueue(clip, at: instant, id: id.mixerID, onset: onset)
    }

    /// Queues `clip` for the audio thread under the mixer's `id`. Clips at another rate are
    /// converted here, on the caller's thread, so the audio thread never has to.
    private func enqueue(_ clip: Clip, at instant: Double, id: UInt64, onset: @escaping @Sendable (Double?) -> Void) {
        let clip = clip.sampleRate == request.rate ? clip : clip.resampled(to: request.rate)
        shared.withLock { state in
            state.incoming.append(ScheduledSound(id: id, clip: clip, instant: instant, gain: state.volume, onset: onset))
        }
        ensureThread()
        wake.signal()
    }

    /// Drops queued sounds starting at or after `instant`; each reports a nil onset.
    public func cancel(from instant: Double) {
        let dropped = shared.withLock { state -> [OnsetReport] in
            var dropped: [OnsetReport] = []
            state.incoming.removeAll { sound in
                guard sound.instant >= instant else { return false }
                dropped.append(OnsetReport(onset: sound.onset, instant: nil))
                return true
            }
            state.cancels.append(instant)
            return dropped
        }
        deliver(dropped)
        wake.signal()
    }

    /// Ends every speech whose id is at least `minimumID` (cues are never silenced) at `instant` — or as soon after as possible: frames already written cannot
    /// be taken back — with a 10 ms fade, including one already sounding; queued ones that
    /// would start at or after `instant` are dropped (nil onset). Used when a session is
    /// paused, jumps or stops mid-announcement, so speech does not run on over the next cue.
    public func silence(idsFrom speech: SpeechID, from instant: Double) {
        let minimumID = speech.mixerID
        let dropped = shared.withLock { state -> [OnsetReport] in
            var dropped: [OnsetReport] = []
            state.incoming.removeAll { sound in
                guard sound.id >= minimumID, sound.instant >= instant else { return false }
                dropped.append(OnsetReport(onset: sound.onset, instant: nil))
                return true
            }
            // Earlier ones still waiting are shortened by the stream thread with the rest.
            state.silences.append((minimumID, instant))
            return dropped
        }
        deliver(dropped)
        wake.signal()
    }

    /// Lets the stream end once everything queued has sounded; the thread then releases
    /// the device and exits.
    public func close() {
        shared.withLock { $0.wantOpen = false }
        wake.signal()
    }

    /// Changes the output (reliefd.toml reloaded). The volume applies to sounds scheduled
    /// from now on; the device to the next time the stream opens it, so a session that is
    /// playing keeps its device until it ends.
    public func setOutput(device: String, volume: Double) {
        shared.withLock { state in
            state.volume = Self.gain(volume)
            guard state.device != device else { return }
            state.device = device
            // While idle, status names the device that will be tried next; while open it
            // keeps describing the one in use until the stream reopens.
            if !state.threadRunning { state.status = AudioStatus(device: device, ok: true) }
        }
    }

    /// Re-reads the override directories (SIGHUP); problems go to the `problems` handler.
    public func reloadSounds() {
        let theme = CueTheme.load(overrideDirectories: soundDirectories, sampleRate: request.rate)
        shared.withLock { $0.theme = theme }
        theme.problems.forEach(problemReport)
    }

    /// The device, whether it works, and what is wrong when it does not.
    public var status: AudioStatus { shared.withLock { $0.status } }

    /// `status` once the stream's thread has tried the device since `open()` (an ALSA open
    /// that fails does so at once), waiting at most `timeout` seconds.
    public func settledStatus(timeout: Double) -> AudioStatus {
        let deadline = MonotonicClock.now() + timeout
        while true {
            let (waiting, status) = shared.withLock { ($0.awaitingAttempt && $0.threadRunning, $0.status) }
            if !waiting || MonotonicClock.now() >= deadline { return status }
            usleep(1_000)
        }
    }

    /// Waits (at most `timeout` seconds) until the device opened by the last `open()` plays,
    /// and returns the earliest instant a sound scheduled now is placed on time; nil when the
    /// device failed or did not start in time (sounds then play as soon as it does).
    public func earliestOnTime(timeout: Double) -> Double? {
        let deadline = MonotonicClock.now() + timeout
        while true {
            let (waiting, failed, instant) = shared.withLock { state in
                (state.awaitingOnTime && state.threadRunning, !state.awaitingAttempt && !state.status.ok, state.onTimeFrom)
            }
            if let instant { return instant }
            if !waiting || failed || MonotonicClock.now() >= deadline { return nil }
            usleep(500)
        }
    }

    // MARK: Beyond the protocol

    /// The loaded cue theme: where each cue came from and what was wrong with overrides.
    public var theme: CueTheme { shared.withLock { $0.theme } }

    /// Underruns and suspends recovered from since this stream was created.
    @_spi(Testing) public var underruns: Int { shared.withLock { $0.underruns } }

    /// Times the device was stopped between sounds (see `StreamSession.shouldRest`).
    @_spi(Testing) public var rests: Int { shared.withLock { $0.rests } }
    /// The longest the device took from a start (open, or after a rest) until it was seen
    /// playing, seconds (a stream rests only while it is within `StreamSession.slowestRestingStart`).
    @_spi(Testing) public var slowestStart: Double { shared.withLock { $0.slowestStart } }

    /// Whether the stream's thread (and so the device) is still active.
    private var isActive: Bool { shared.withLock { $0.threadRunning } }

    /// Waits up to `timeout` seconds for the stream to go idle after `close()` (device
    /// released, thread gone); true if it did. Tests only: the daemon never waits for it.
    @_spi(Testing) public func waitUntilIdle(timeout: Double) -> Bool {
        let deadline = MonotonicClock.now() + timeout
        while isActive {
            if MonotonicClock.now() >= deadline { return false }
            usleep(2_000)
        }
        return true
    }

    // MARK: The stream's thread

    private func ensureThread() {
        let start = shared.withLock { state -> Bool in
            if state.threadRunning { return false }
            state.threadRunning = true
            return true
        }
        guard start else { return }
        if !startThread({ [self] in run() }) {
            let dropped = shared.withLock { state -> [OnsetReport] in
                state.threadRunning = false
                state.status = AudioStatus(device: state.device, ok: false, error: "cannot start the audio thread (system limit reached)")
                defer { state.incoming.removeAll() }
                return state.incoming.map { OnsetReport(onset: $0.onset, instant: nil) }
            }
            deliver(dropped)
        }
    }

    private func deliver(_ list: [OnsetReport]) {
        guard !list.isEmpty else { return }
        reports.async { for report in list { report.onset(report.instant) } }
    }

    /// Records the device's state; the log hears once when a problem begins (not at every
    /// retry) and once when the device works again.
    private func setStatus(device: String, ok: Bool, error: String?) {
        let previous = shared.withLock { state -> AudioStatus in
            defer {
                state.status = AudioStatus(device: device, ok: ok, error: error)
                state.awaitingAttempt = false
            }
            return state.status
        }
        if previous.ok, !ok, let error {
            deviceReport(.warning, "audio: \(error)")
        } else if !previous.ok, ok {
            deviceReport(.notice, "audio: device \"\(device)\" works again")
        }
    }

    /// `--volume` as a gain: 0…1, anything else (NaN) as 1.
    private static func gain(_ volume: Double) -> Float {
        Float(max(0, min(1, volume.isFinite ? volume : 1)))
    }

    /// The thread's body: open (and re-open) the device, keep it fed, place and mix sounds,
    /// and leave once closed and quiet.
    private func run() {
        raiseThreadPriority()
        var session = StreamSession(request: request)
        var retryAt = 0.0
        var backoff = 0.25
        /// Devices this stream has had open: only those can have "gone away".
        var opened: Set<String> = []
        /// Until when the next write waits for the sound of a caller told `onTimeFrom`.
        var holdUntil: Double?
        while true {
            // Pick up what callers asked for since the last period; tell a caller waiting for
            // the device to play from when sounds are placed on time.
            let (wantOpen, incoming, cancels, silences, awaitingOnTime) = shared.withLock { state in
                defer { state.incoming.removeAll(); state.cancels.removeAll(); state.silences.removeAll() }
                if state.awaitingOnTime, let offer = session.onTimeOffer(now: MonotonicClock.now()) {
                    state.onTimeFrom = offer.instant
                    state.awaitingOnTime = false
                    holdUntil = offer.holdUntil
                }
                return (state.wantOpen, state.incoming, state.cancels, state.silences, state.awaitingOnTime)
            }
            for instant in cancels { deliver(session.mixer.cancel(from: instant)) }
            for sound in incoming { session.add(sound) }
            // After the sounds queued before it, which it may shorten.
            for silence in silences { deliver(session.silence(idsFrom: silence.minimumID, from: silence.instant)) }

            let now = MonotonicClock.now()
            if !wantOpen && session.mixer.isEmpty && session.hasPlayedOut(now: now) {
                session.closeDevice()
                let leave = shared.withLock { state -> Bool in
                    guard !state.wantOpen && state.incoming.isEmpty else { return false }
                    state.threadRunning = false
                    return true
                }
                if leave { return }
                continue
            }

            if session.device == nil {
                deliver(session.mixer.dropMissed(now: now))
                if now >= retryAt {
                    let device = self.device
                    do throws(AlsaError) {
                        try session.openDevice(name: device, config: config)
                        opened.insert(device)
                        setStatus(device: device, ok: true, error: nil)
                        backoff = 0.25
                    } catch {
                        setStatus(device: device, ok: false, error: describeProblem(error, device: device,
                                                                                   wasOpen: opened.contains(device)))
                        retryAt = now + backoff
                        backoff = min(backoff * 2, 5)
                    }
                }
                if session.device == nil {
                    // Sleep until the next retry, until a queued cue's chance has passed, or
                    // until a caller wakes us; no polling while idle.
                    var deadline = retryAt
                    if let pending = session.mixer.earliestPendingInstant {
                        deadline = min(deadline, pending + Mixer.lateLimit + 0.001)
                    }
                    if !wantOpen && session.mixer.isEmpty { deadline = now }
                    _ = wake.wait(timeout: MonotonicClock.dispatchTime(deadline))
                    continue
                }
            }

            shared.withLock { $0.awaitingAttempt = false }  // open already: nothing to try
            if let until = holdUntil {
                if !incoming.isEmpty || now >= until || !wantOpen {
                    holdUntil = nil
                } else {
                    _ = wake.wait(timeout: MonotonicClock.dispatchTime(until))
                    continue
                }
            }
            do throws(AlsaError) {
                if session.resting {
                    // Stopped between sounds: sleep until the next one needs the device
                    // running or a caller waits for it to play (`open()` again, while a
                    // break's warning kept it open), or until a caller hands something over.
                    guard awaitingOnTime || session.wakeInstant.map({ now >= $0 }) == true else {
                        _ = wake.wait(timeout: session.wakeInstant.map(MonotonicClock.dispatchTime) ?? .distantFuture)
                        continue
                    }
                    try session.wake()
                } else if !awaitingOnTime && session.shouldRest(now: now) {
                    try session.rest()
                    shared.withLock { $0.rests += 1 }
                    continue
                }
                let slowestBefore = session.slowestStart
                let sleepUntil = try session.writePeriod(callerWaiting: awaitingOnTime, deliver: deliver)
                if session.slowestStart != slowestBefore { shared.withLock { $0.slowestStart = session.slowestStart } }
                if let sleepUntil {
                    _ = wake.wait(timeout: MonotonicClock.dispatchTime(sleepUntil))
                }
            } catch {
                if error.code == EPIPE || error.code == ESTRPIPE {
                    shared.withLock { $0.underruns += 1 }
                    do throws(AlsaError) {
                        try session.recover(from: error)
                        continue
                    } catch {
                        fail(error, session: &session, opened: opened)
                    }
                } else {
                    fail(error, session: &session, opened: opened)
                }
                retryAt = MonotonicClock.now() + backoff
                backoff = min(backoff * 2, 5)
            }
        }
    }

    private func fail(_ error: AlsaError, session: inout StreamSession, opened: Set<String>) {
        let device = session.device?.name ?? self.device
        setStatus(device: device, ok: false, error: describeProblem(error, device: device, wasOpen: opened.contains(device)))
        // Sounds cut off mid-way were reported when placed: forget them; sounds not yet
        // started wait for the device to return.
        session.closeDevice()
        session.mixer.dropPlaced()
    }
}

/// Writes one line to standard error.
@usableFromInline func printToStandardError(_ line: String) {
    writeToStandardError(line + "\n")
}
