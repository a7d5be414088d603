import ReliefMeasure

/// Maps frames of a recording to CLOCK_MONOTONIC with the sink's actual rate.
///
/// Each read of the recorder arrives no earlier than its last frame was rendered, so
/// `arrival − frames/rate` is an upper bound of when frame 0 was rendered, tight for the
/// reads that came quickest. Taking the tightest read of the first and of the last third of
/// the recording gives two points of the lower envelope; the line through them is the
/// sink's clock — its rate included, which a fixed 48 000 frames/s would get wrong by the
/// sink's drift (tens to hundreds of ppm is milliseconds over a session).
struct SinkClock {
    let anchorFrame: Int
    let anchorTime: Double
    let framesPerSecond: Double
    let nominalRate: Double

    init(_ recording: Recording) {
        nominalRate = Double(recording.rate)
        let reads = recording.reads
        guard reads.count >= 30 else {
            (anchorFrame, anchorTime, framesPerSecond) = (0, recording.timebase, nominalRate)
            return
        }
        func tightest(_ slice: ArraySlice<(arrival: Double, frames: Int)>) -> (arrival: Double, frames: Int) {
            slice.min { ($0.arrival - Double($0.frames) / Double(recording.rate)) < ($1.arrival - Double($1.frames) / Double(recording.rate)) }!
        }
        let first = tightest(reads[..<(reads.count / 3)])
        let last = tightest(reads[(reads.count * 2 / 3)...])
        let rate = Double(last.frames - first.frames) / (last.arrival - first.arrival)
        // A fit far from nominal means the reads were too disturbed to trust: keep nominal.
        let plausible = rate.isFinite && abs(rate / nominalRate - 1) < 0.002
        framesPerSecond = plausible ? rate : nominalRate
        anchorFrame = first.frames
        anchorTime = first.arrival
    }

    /// The monotonic instant frame `frame` was rendered.
    func time(ofFrame frame: Int) -> Double { anchorTime + Double(frame - anchorFrame) / framesPerSecond }

    /// How much faster (positive) the sink's clock ran than CLOCK_MONOTONIC, ppm.
    var driftPPM: Double { (framesPerSecond / nominalRate - 1) * 1e6 }
}
