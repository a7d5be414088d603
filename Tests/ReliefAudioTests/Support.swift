import Glibc
@testable import ReliefAudio
import ReliefCue
import ReliefMeasure

/// Monotonic seconds, the clock of cue instants.
func now() -> Double { MonotonicClock.now() }

/// A clip as the 16-bit samples a device receives at volume 1.
func int16Samples(_ clip: Clip) -> [Int16] {
    clip.samples.map { Int16(max(-32768, min(32767, ($0 * 32768).rounded()))) }
}

/// Reads a capture file of raw S16 LE samples.
func readSamples(_ path: String) -> [Int16] {
    guard let bytes = try? SafeFile.read(path, limit: 1 << 30, what: "a capture") else { return [] }
    return bytes.withUnsafeBytes { raw in
        Array(raw.bindMemory(to: Int16.self).prefix(bytes.count / 2)).map { Int16(littleEndian: $0) }
    }
}

/// Collects onset reports from the stream's report queue.
final class OnsetLog: @unchecked Sendable {  // guarded by `lock`
    private var lock = pthread_mutex_t()
    private var values: [UInt64: Double?] = [:]

    init() { pthread_mutex_init(&lock, nil) }

    func callback(_ id: UInt64) -> @Sendable (Double?) -> Void {
        { [self] onset in
            pthread_mutex_lock(&lock)
            values[id] = onset
            pthread_mutex_unlock(&lock)
        }
    }

    var reports: [UInt64: Double?] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return values
    }

    /// Whether `id` was reported with an onset (it played).
    func played(_ id: UInt64) -> Bool {
        if case .some(.some) = reports[id] { return true }
        return false
    }

    /// Whether `id` was reported without an onset (it could not play).
    func silent(_ id: UInt64) -> Bool {
        if case .some(.none) = reports[id] { return true }
        return false
    }

    /// Waits (bounded) until `count` reports arrived.
    func wait(for count: Int, timeout: Double) -> Bool {
        let deadline = now() + timeout
        while reports.count < count {
            if now() > deadline { return false }
            usleep(2_000)
        }
        return true
    }
}
