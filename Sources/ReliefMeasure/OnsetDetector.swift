/// Finds where sounds start in a recording: the first frame rising above a threshold after
/// a stretch of near-silence.
///
/// Recordings from a digital path (ALSA `file` capture, a PulseAudio null sink's monitor)
/// are exact zeros between sounds, so a small threshold marks the first audible frame
/// within a few samples of the true start. `minimumSilence` must exceed the longest gap
/// inside any one sound (the pause between halfway's two blips, say), or that gap's end
/// counts as a new onset.
public enum OnsetDetector {
    /// Frame indices of every onset in interleaved 16-bit samples.
    public static func onsets(in samples: [Int16], channels: Int, threshold: Int16 = 16, minimumSilence: Int) -> [Int] {
        var result: [Int] = []
        var quietFrames = minimumSilence  // the recording's start counts as silence
        let frames = samples.count / channels
        for frame in 0..<frames {
            var loud = false
            for channel in 0..<channels where abs(Int(samples[frame * channels + channel])) > Int(threshold) {
                loud = true
            }
            if loud {
                if quietFrames >= minimumSilence { result.append(frame) }
                quietFrames = 0
            } else {
                quietFrames += 1
            }
        }
        return result
    }

    /// The first frame above `threshold` in interleaved samples, if any: how far into a
    /// clip its onset is detected, to subtract from onsets found in a recording.
    public static func leadIn(of samples: [Int16], channels: Int, threshold: Int16 = 16) -> Int? {
        let frames = samples.count / channels
        for frame in 0..<frames {
            for channel in 0..<channels where abs(Int(samples[frame * channels + channel])) > Int(threshold) {
                return frame
            }
        }
        return nil
    }
}
