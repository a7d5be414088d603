import ReliefCue

/// What the audio side reports for `status`.
public struct AudioStatus: Sendable, Equatable {
    /// ALSA PCM name in use.
    public var device: String
    /// False while the device cannot be opened or has failed; the timeline runs on silently.
    public var ok: Bool
    /// What is wrong, in words a user can act on.
    public var error: String?

    /// A status for `device`; `error` says what is wrong when `ok` is false.
    public init(device: String, ok: Bool, error: String? = nil) {
        self.device = device
        self.ok = ok
        self.error = error
    }
}

/// Plays cues at exact monotonic instants (CLOCK_MONOTONIC seconds, as `DispatchTime`).
///
/// The daemon's scheduler is its only caller. Implementations keep one stream open from
/// `open()` to `close()` and place every cue at the frame matching its instant; audio faults
/// never throw out of here: they are kept for `status` and retried.
public protocol CuePlayer: AnyObject, Sendable {
    /// Opens the device (or starts retrying it) for a session or a single cue.
    func open()
    /// Schedules `cue` to start sounding at `instant`. `onset` is called once with the
    /// estimated monotonic instant its first frame reaches the device (nil when silent).
    func schedule(_ cue: Cue, at instant: Double, id: CueID, onset: @escaping @Sendable (Double?) -> Void)
    /// Drops scheduled cues that would start at or after `instant`.
    func cancel(from instant: Double)
    /// Closes the device once everything scheduled has sounded.
    func close()
    /// Re-reads override sounds (SIGHUP).
    func reloadSounds()
    /// Changes the device and volume (reliefd.toml reloaded) without disturbing what plays:
    /// the volume applies to cues scheduled from now on, the device from the next `open()`
    /// after the stream has closed.
    func setOutput(device: String, volume: Double)
    /// The device in use and whether it currently works (for `status`).
    var status: AudioStatus { get }
    /// `status` once the device has been tried since the last `open()` (waiting at most
    /// `timeout` seconds), so a reply can say at once that nothing will be heard.
    func settledStatus(timeout: Double) -> AudioStatus
    /// The earliest instant a sound scheduled now can start on time, once the device opened
    /// by the last `open()` really plays (waiting at most `timeout` seconds); nil when that
    /// is not known (no device, it failed, or it did not start in time). A stream's start-up
    /// (prefill, a server starting its graph) takes 5–40 ms: a session planned to begin
    /// sooner would have its first cue late.
    func earliestOnTime(timeout: Double) -> Double?
    /// Where this player plays speech, on the same device and clock as its cues; nil when it
    /// cannot (a silent player).
    var speech: (any SpeechOutput)? { get }
}

extension CuePlayer {
    /// A player that cannot play speech has no speech output.
    public var speech: (any SpeechOutput)? { nil }
}

extension CuePlayer where Self: SpeechOutput {
    /// A player that can play speech plays it itself.
    public var speech: (any SpeechOutput)? { self }
}

extension CuePlayer {
    /// Players without a device to try have nothing to wait for.
    public func settledStatus(timeout: Double) -> AudioStatus { status }
    /// Players without a device start at once.
    public func earliestOnTime(timeout: Double) -> Double? { nil }
}
