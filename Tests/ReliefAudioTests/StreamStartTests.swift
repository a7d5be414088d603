import Testing
@testable import ReliefAudio

/// The first cue of a session: nothing is placed on the provisional mapping a device gives
/// before it runs, and the cue is reported where the running device really plays it.
@Suite struct StreamStartTests {
    let start = StreamStart(firstFrame: 1_000, periodFrames: 240)

    @Test func queuesTwoPeriodsThenWaitsForTheDevice() {
        #expect(start.step(written: 1_240, devicePointer: 1_000) == .write)
        #expect(start.step(written: 1_480, devicePointer: 1_000) == .wait)
        #expect(start.step(written: 1_480, devicePointer: 999) == .wait)
    }

    @Test func runsOnceTheDeviceHasTakenAFrame() {
        #expect(start.step(written: 1_240, devicePointer: 1_001) == .running)
        #expect(start.step(written: 1_480, devicePointer: 1_240) == .running)
    }

    /// Replays what the ALSA pipewire plugin reported in a PipeWire session: right after the
    /// start, a delay that puts frame 1000 at 100.000 s, while the graph began 18 ms later.
    /// A cue due at 100.040 s, placed on that first reading, sounded 18 ms late; placed
    /// after the device runs, on the reading it gives then, it is placed for its instant and
    /// reported at it.
    @Test func theFirstCueIsPlacedOnTheRunningDevicesMapping() {
        let provisional = FrameClock(rate: 48_000, anchorFrame: 1_000, anchorTime: 100.000)
        var mixer = Mixer()
        var reported: [Double?] = []
        mixer.add(ScheduledSound(id: 1, clip: Clip(sampleRate: 48_000, samples: [Float](repeating: 0.4, count: 480)),
                                 instant: 100.040, gain: 1, onset: { _ in }))
        // Starting: the stream writes frames 1000..<1480 without placing anything.
        #expect(start.step(written: 1_480, devicePointer: 1_000) == .wait)
        #expect(mixer.earliestPendingInstant == 100.040)
        // The graph has run one quantum: frame 1000 sounds at 100.018 (real), not 100.000.
        #expect(start.step(written: 1_480, devicePointer: 1_240) == .running)
        let running = FrameClock(rate: 48_000, anchorFrame: 1_000, anchorTime: 100.018)
        for block in stride(from: Int64(1_480), to: 2_440, by: 240) {
            reported += mixer.place(blockStart: block, count: 240, clock: running).map(\.instant)
        }
        let frame = try! #require(mixer.sounds.first?.startFrame)
        #expect(frame == 2_056)
        #expect(abs(running.time(ofFrame: frame) - 100.040) < 1.0 / 48_000)
        #expect(reported.count == 1 && abs(reported[0]! - 100.040) < 1.0 / 48_000)
        // On the provisional mapping the same cue would have gone 864 frames (18 ms) later.
        #expect(provisional.frame(at: 100.040) - frame == 864)
    }
}
