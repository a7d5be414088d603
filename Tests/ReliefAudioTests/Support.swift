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

/// A private PulseAudio null sink whose monitor is being recorded (which also keeps the
/// sink running) and a stream onto it: the set-up of the real-time tests.
struct RecordedPulseSink {
    let sink: PulseNullSink
    let recorder: PulseRecorder
    let stream: CueStream

    /// Starts them; nil (with a note) when PulseAudio is not installed.
    static func start() throws -> RecordedPulseSink? {
        guard PulseNullSink.isAvailable else {
            print("skipped: pulseaudio/parec not installed (apt-get install pulseaudio pulseaudio-utils)")
            return nil
        }
        let sink = try PulseNullSink()
        do {
            let recorder = try sink.record()
            guard recorder.waitForData(timeout: 5) else { throw TestSetUpError("parec delivered no data") }
            return RecordedPulseSink(sink: sink, recorder: recorder,
                                     stream: CueStream(device: "relief_test", alsaConfig: sink.alsaConfig(pcm: "relief_test")))
        } catch {
            sink.stop()
            throw error
        }
    }

    func stop() { sink.stop() }
}

struct TestSetUpError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Where each built-in tick starts in `samples` (interleaved stereo S16), as instants on
/// `time` (the recording's frame → monotonic time), its lead-in taken off.
func tickOnsets(in samples: [Int16], time: (Int) -> Double) throws -> [Double] {
    let tick = int16Samples(CueTheme.builtIn().clips[.tick]!)
    guard let leadIn = OnsetDetector.leadIn(of: tick, channels: 2) else { throw TestSetUpError("the tick clip is silent") }
    return OnsetDetector.onsets(in: samples, channels: 2, minimumSilence: 240).map { time($0 - leadIn) }
}

/// The same on a private PipeWire null sink, through the ALSA pipewire plugin.
struct RecordedPipeWireSink {
    let sink: PipeWireNullSink
    let recorder: PulseRecorder
    let stream: CueStream

    /// Starts them; nil (with a note) when PipeWire or its ALSA plugin is not at hand.
    static func start() throws -> RecordedPipeWireSink? {
        guard PipeWireNullSink.isAvailable, let plugins = PipeWireNullSink.pluginDirectory() else {
            print("skipped: needs pipewire, wireplumber, pipewire-bin and the ALSA pipewire plugin "
                  + "(installed, or unpacked into .build/pipewire-alsa: scripts/unpack-deb.sh pipewire-alsa .build/pipewire-alsa)")
            return nil
        }
        let sink = try PipeWireNullSink()
        do {
            let recorder = try sink.record()
            guard recorder.waitForData(timeout: 5) else { throw TestSetUpError("pw-record delivered no data") }
            let config = sink.alsaConfig(pcm: "relief_test", pluginDirectory: plugins)
            return RecordedPipeWireSink(sink: sink, recorder: recorder, stream: CueStream(device: "relief_test", alsaConfig: config))
        } catch {
            sink.stop()
            throw error
        }
    }

    func stop() { sink.stop() }
}
