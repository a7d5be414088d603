import Dispatch
import ReliefAudio
import ReliefCore

/// A `CuePlayer` without a device: each cue "sounds" at its instant, silently.
///
/// Used by `reliefd --silent` (tests and machines without audio) and until the ALSA player is
/// wired in. It keeps the player's contract — onsets are reported at the planned instant
/// (as nil: nothing reached a device) and `cancel(from:)` drops what has not sounded — so the
/// scheduler behaves exactly as with a real stream.
public final class SilentCuePlayer: CuePlayer, @unchecked Sendable {
    private let queue = DispatchQueue(label: "relief.silent-player")
    private var pending: [(instant: Double, work: DispatchWorkItem)] = []
    private let reported: AudioStatus

    /// A silent player that reports `device` in `status`, with `error` when silence is not
    /// what the user asked for (nil: `ok`).
    public init(device: String, error: String? = nil) {
        reported = AudioStatus(device: device, ok: error == nil, error: error)
    }

    /// Nothing to open.
    public func open() {}

    /// Reports the onset (nil) at `instant`, unless cancelled before.
    public func schedule(_ cue: Cue, at instant: Double, id: UInt64, onset: @escaping @Sendable (Double?) -> Void) {
        queue.sync {
            let work = DispatchWorkItem { onset(nil) }
            pending.removeAll { $0.work.isCancelled || $0.instant < MonotonicClock.now() - 1 }
            pending.append((instant, work))
            queue.asyncAfter(deadline: MonotonicClock.dispatchTime(instant), execute: work)
        }
    }

    /// Drops cues that would sound at or after `instant`.
    public func cancel(from instant: Double) {
        queue.sync {
            for entry in pending where entry.instant >= instant { entry.work.cancel() }
            pending.removeAll { $0.work.isCancelled }
        }
    }

    /// Nothing to close.
    public func close() {}

    /// No sounds to read.
    public func reloadSounds() {}

    /// Nothing plays, so neither device nor volume matters; `status` keeps naming the
    /// device given at creation (`none` for `--silent`).
    public func setOutput(device: String, volume: Double) {}

    /// The device named at creation, and why it is silent.
    public var status: AudioStatus { reported }
}
