import Dispatch
import ReliefAudio
import ReliefCore
@testable import ReliefDaemon

/// A `CuePlayer` that records every call and reports each onset at once (at the planned
/// instant), so tests see exactly what the scheduler asked for without a device or waiting.
final class RecordingCuePlayer: CuePlayer, @unchecked Sendable {
    enum Call: Equatable {
        case open, close, reloadSounds
        case setOutput(device: String, volume: Double)
        case schedule(Cue, at: Double)
        case cancel(from: Double)
    }

    private let queue = DispatchQueue(label: "test.recording-player")
    private var recorded: [Call] = []
    /// What `earliestOnTime` answers: when an opening device would play on time (nil: at once).
    private let startsPlayingAt: Double?

    init(startsPlayingAt: Double? = nil) { self.startsPlayingAt = startsPlayingAt }

    var calls: [Call] { queue.sync { recorded } }

    func open() { queue.sync { recorded.append(.open) } }

    func schedule(_ cue: Cue, at instant: Double, id: CueID, onset: @escaping @Sendable (Double?) -> Void) {
        queue.sync { recorded.append(.schedule(cue, at: instant)) }
        onset(instant)
    }

    func cancel(from instant: Double) { queue.sync { recorded.append(.cancel(from: instant)) } }
    func close() { queue.sync { recorded.append(.close) } }
    func reloadSounds() { queue.sync { recorded.append(.reloadSounds) } }
    func setOutput(device: String, volume: Double) { queue.sync { recorded.append(.setOutput(device: device, volume: volume)) } }
    var status: AudioStatus { AudioStatus(device: "recording", ok: true) }
    func earliestOnTime(timeout: Double) -> Double? { startsPlayingAt }
}
