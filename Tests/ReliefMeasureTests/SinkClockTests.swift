import ReliefMeasure
import Testing

/// `SinkClock` places a recording's frames by the reads that came quickest: with the sink's
/// drift, and unmoved by a cycle the recorder lost (the frames after it are numbered as if
/// nothing were missing).
@Suite struct SinkClockTests {
    /// A recorder that gets 256 frames per read from a sink running `ppm` fast, each read late
    /// by up to 0.5 ms (one in eight on time), and loses the 256 frames of one read at `gapAt` s.
    static func recording(seconds: Double = 40, ppm: Double = 124, gapAt: Double? = 20) -> (Recording, (Int) -> Double) {
        let rate = 48_000 * (1 + ppm / 1e6)
        let start = 1000.0
        var reads: [(arrival: Double, frames: Int)] = []
        var seed: UInt64 = 20_251_206
        var sinkFrames = 256, recorded = 0, gapFrame: Int?
        while Double(sinkFrames) / rate < seconds {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let late = (seed >> 33) % 8 == 0 ? 0 : Double((seed >> 40) % 500) / 1e6
            if let gapAt, gapFrame == nil, Double(sinkFrames) / rate >= gapAt {
                gapFrame = recorded  // these 256 frames never reach the recorder
            } else {
                recorded += 256
                reads.append((start + Double(sinkFrames) / rate + late, recorded))
            }
            sinkFrames += 256
        }
        // Where recorded frame `f` really played.
        let truth: (Int) -> Double = { frame in
            let sinkFrame = frame + (gapFrame.map { frame >= $0 ? 256 : 0 } ?? 0)
            return start + Double(sinkFrame) / rate
        }
        let samples = [Int16](repeating: 0, count: recorded * 2)
        return (Recording(rate: 48_000, channels: 2, samples: samples, timebase: reads.map { $0.arrival - Double($0.frames) / 48_000 }.min()!,
                          reads: reads), truth)
    }

    @Test func framesArePlacedWithTheSinksDrift() {
        let (recording, truth) = SinkClockTests.recording(gapAt: nil)
        let clock = SinkClock(recording)
        #expect(abs(clock.driftPPM - 124) < 10, "drift \(clock.driftPPM) ppm")
        for second in [0.5, 10, 25, 39] {
            let frame = Int(second * 48_000)
            #expect(abs(clock.time(ofFrame: frame) - truth(frame)) < 0.000_1,
                    "frame at \(second) s placed \((clock.time(ofFrame: frame) - truth(frame)) * 1000) ms off")
        }
    }

    /// The recorder lost a 5.3 ms cycle at 20 s: frames on both sides stay within 0.1 ms (a
    /// line through the whole recording put them up to 5 ms off, and called it drift).
    @Test func aLostCycleMovesNoFrame() {
        let (recording, truth) = SinkClockTests.recording()
        let clock = SinkClock(recording)
        #expect(abs(clock.driftPPM - 124) < 10, "drift \(clock.driftPPM) ppm")
        for second in [0.5, 10, 19.5, 20.01, 20.5, 30, 39] {
            let frame = Int(second * 48_000)
            #expect(abs(clock.time(ofFrame: frame) - truth(frame)) < 0.000_1,
                    "frame at \(second) s placed \((clock.time(ofFrame: frame) - truth(frame)) * 1000) ms off")
        }
    }
}
