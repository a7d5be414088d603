import Glibc
import ReliefMeasure

/// The cue WAVs (Sounds/wav, the same files reliefd embeds) as the onset matcher needs them:
/// where each clip's first audible frame is and how long it lasts.
struct CueClips {
    struct Clip {
        /// File path, for the shell baseline's `aplay`.
        var path: String
        /// Frames from the clip's start to its first frame above the detection threshold.
        var leadIn: Int
        /// Frames in the clip.
        var frames: Int
    }

    /// Frames per second of every clip and of the recording.
    static let rate = 48_000
    /// Quiet frames that separate two sounds: 5 ms, less than the 10 ms the bench routine
    /// leaves between cues; a clip's own inner pauses may exceed it (the matcher skips them).
    static let minimumSilence = 240

    var clips: [String: Clip] = [:]

    /// Reads every `NAME.wav` in `directory` (16-bit stereo 48 kHz, as Sounds/make-sounds.sh makes them).
    init(directory: String) throws {
        for name in ["begin", "hold", "move", "release", "switch-side", "inhale", "exhale", "tick", "halfway",
                     "complete", "stop", "pause", "resume", "warning"] {
            let path = "\(directory)/\(name).wav"
            guard let samples = CueClips.samples(ofWAV: path) else { throw BenchError("cannot read \(path) as 16-bit PCM WAV") }
            guard let leadIn = OnsetDetector.leadIn(of: samples, channels: 2) else { throw BenchError("\(path) is silent") }
            clips[name] = Clip(path: path, leadIn: leadIn, frames: samples.count / 2)
        }
    }

    /// The interleaved samples of a canonical PCM WAV (the `data` chunk), nil if unreadable.
    static func samples(ofWAV path: String) -> [Int16]? {
        guard let text = readBytes(path), text.count > 12, Array(text[0..<4]) == Array("RIFF".utf8) else { return nil }
        var offset = 12
        while offset + 8 <= text.count {
            let id = String(decoding: text[offset..<offset + 4], as: UTF8.self)
            let size = Int(text[offset + 4]) | Int(text[offset + 5]) << 8 | Int(text[offset + 6]) << 16 | Int(text[offset + 7]) << 24
            let body = offset + 8
            if id == "data" {
                let end = min(text.count, body + size)
                return stride(from: body, to: end - 1, by: 2).map { Int16(bitPattern: UInt16(text[$0]) | UInt16(text[$0 + 1]) << 8) }
            }
            offset = body + size + (size & 1)
        }
        return nil
    }
}
