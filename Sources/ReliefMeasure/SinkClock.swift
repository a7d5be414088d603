/// Maps frames of a recording to CLOCK_MONOTONIC, with the sink's actual rate.
///
/// Each read of the recorder arrives no earlier than its last frame was rendered, so
/// `arrival − frames/rate` (a read's slack) bounds from above where frame 0 lies on the clock,
/// tightly for the reads that came quickest. A frame is placed by the tightest read among
/// those that end within `window` after it: a local lower envelope.
///
/// Local, because a recorder can lose a cycle under load (pw-record and parec drop what they
/// do not take in time, and number the frames after the gap as if none were missing): every
/// later read's slack rises by the gap. One line through the whole recording turned such a
/// gap into a drift and moved onsets by up to the gap (jitter of several ms on a loaded
/// machine). A read's slack only ever grows after the frame (a gap adds to it, a late read
/// too), so every read after a frame bounds the frame's slack: the envelope is right on
/// both sides of a gap. The window is long because a recorder can also lag for a while
/// (on a loaded machine its reads came 5–30 ms late for over a second):
/// within it some read comes quickly, and the sink's rate, known to a few ppm, moves a frame
/// by well under 0.1 ms across it.
///
/// The rate: the median of the envelope's steps from one second to the next, where a gap is
/// one outlying step — a fixed 48 000 frames/s would be off by the sink's drift (tens to
/// hundreds of ppm is milliseconds over a session, and up to a millisecond within a window).
public struct SinkClock: Sendable {
    public let nominalRate: Double
    /// Frames per second of the sink against CLOCK_MONOTONIC.
    public let framesPerSecond: Double
    /// Per read: frames received up to its end, and its slack at `framesPerSecond`.
    private let frames: [Int]
    private let slack: [Double]
    private let timebase: Double

    /// Seconds of reads after a frame that place it.
    public static let window = 10.0

    public init(_ recording: Recording) {
        let nominal = Double(recording.rate)
        nominalRate = nominal
        timebase = recording.timebase
        let reads = recording.reads
        frames = reads.map(\.frames)
        // The lower envelope per second of arrival, at the nominal rate; its typical step
        // from one second to the next is 1 − rate/nominal.
        var minima: [Double] = []
        if let start = reads.first?.arrival {
            for read in reads {
                let second = Int(read.arrival - start)
                while minima.count <= second { minima.append(.infinity) }
                minima[second] = min(minima[second], read.arrival - Double(read.frames) / nominal)
            }
        }
        let steps = zip(minima.dropFirst(), minima).map { $0 - $1 }.filter(\.isFinite).sorted()
        let step = steps.count >= 3 ? steps[steps.count / 2] : 0
        // A median far from nominal means the reads were too disturbed to trust: keep nominal.
        let rate = abs(step) < 0.002 ? nominal * (1 - step) : nominal
        framesPerSecond = rate
        slack = reads.map { $0.arrival - Double($0.frames) / rate }
    }

    /// The monotonic instant frame `frame` was rendered.
    public func time(ofFrame frame: Int) -> Double {
        // The first read that holds the frame, then every read ending within the window.
        var low = 0, high = frames.count
        while low < high {
            let middle = (low + high) / 2
            if frames[middle] > frame { high = middle } else { low = middle + 1 }
        }
        let limit = frame + Int(SinkClock.window * framesPerSecond)
        var best = Double.infinity
        var index = low
        while index < frames.count && (frames[index] <= limit || best == .infinity) {
            best = min(best, slack[index])
            index += 1
        }
        guard best.isFinite else { return timebase + Double(frame) / nominalRate }
        return best + Double(frame) / framesPerSecond
    }

    /// How much faster (positive) the sink's clock ran than CLOCK_MONOTONIC, ppm.
    public var driftPPM: Double { (framesPerSecond / nominalRate - 1) * 1e6 }
}
