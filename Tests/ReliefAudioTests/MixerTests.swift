import Glibc
import Testing
@testable import ReliefAudio

@Suite struct MixerTests {
    static let clock = FrameClock(rate: 48_000, anchorFrame: 1_000, anchorTime: 100)

    static func sound(_ id: UInt64, at instant: Double, clip: Clip, gain: Float = 1) -> ScheduledSound {
        ScheduledSound(id: id, clip: clip, instant: instant, gain: gain, onset: { _ in })
    }

    @Test func frameClockMapsBothWays() {
        let clock = Self.clock
        #expect(clock.frame(at: 100) == 1_000)
        #expect(clock.frame(at: 101) == 49_000)
        #expect(clock.frame(at: 100.5 + 0.4 / 48_000) == 25_000)  // rounds to the nearest frame
        #expect(clock.time(ofFrame: 49_000) == 101)
    }

    @Test func soundsArePlacedAtTheirFrameWhenTheirBlockComes() {
        var mixer = Mixer()
        let clip = Clip(sampleRate: 48_000, samples: [Float](repeating: 0.25, count: 200))
        mixer.add(Self.sound(1, at: 100.01, clip: clip))  // frame 1480
        var block = [Float](repeating: 9, count: 480)
        // Block [1240, 1480) ends just before the sound: nothing placed, silence written.
        #expect(mixer.place(blockStart: 1_240, count: 240, clock: Self.clock).isEmpty)
        mixer.render(into: &block, blockStart: 1_240, count: 240)
        #expect(block.allSatisfy { $0 == 0 })
        // Block [1480, 1720) starts with it; the onset report is that frame's instant.
        let reports = mixer.place(blockStart: 1_480, count: 240, clock: Self.clock)
        #expect(reports.count == 1)
        #expect(reports.first?.instant == Self.clock.time(ofFrame: 1_480))
        mixer.render(into: &block, blockStart: 1_480, count: 240)
        #expect(Array(block[0..<200]) == [Float](repeating: 0.25, count: 200))
        #expect(Array(block[200..<480]).allSatisfy { $0 == 0 })
        #expect(mixer.isEmpty)
    }

    @Test func aVoiceStartsMidBlockAtItsExactFrame() {
        var mixer = Mixer()
        mixer.add(Self.sound(1, at: Self.clock.time(ofFrame: 1_017), clip: Clip(sampleRate: 48_000, samples: [0.5, -0.5])))
        _ = mixer.place(blockStart: 1_000, count: 64, clock: Self.clock)
        var block = [Float](repeating: 0, count: 128)
        mixer.render(into: &block, blockStart: 1_000, count: 64)
        #expect(block[34] == 0.5 && block[35] == -0.5)
        #expect(block.enumerated().allSatisfy { $0.offset == 34 || $0.offset == 35 || $0.element == 0 })
    }

    @Test func lateVoicesStartAtOnceAndVeryLateOnesAreDropped() {
        var mixer = Mixer()
        let clip = Clip(sampleRate: 48_000, samples: [0.1, 0.1])
        mixer.add(Self.sound(1, at: 100.1, clip: clip))   // 200 ms before the block: plays now
        mixer.add(Self.sound(2, at: 100.0, clip: clip))   // 300 ms before: dropped
        let blockStart = Self.clock.frame(at: 100.3)
        let reports = mixer.place(blockStart: blockStart, count: 240, clock: Self.clock)
        #expect(reports.count == 2)
        #expect(reports.contains { $0.instant == nil })
        #expect(reports.contains { $0.instant == Self.clock.time(ofFrame: blockStart) })
        #expect(mixer.sounds.map(\.id) == [1])
    }

    @Test func cancelDropsOnlyUnplacedVoicesFromTheInstant() {
        var mixer = Mixer()
        let clip = Clip(sampleRate: 48_000, samples: [Float](repeating: 0.1, count: 20_000))
        mixer.add(Self.sound(1, at: 100.0, clip: clip))
        mixer.add(Self.sound(2, at: 101.0, clip: clip))
        mixer.add(Self.sound(3, at: 102.0, clip: clip))
        _ = mixer.place(blockStart: 1_000, count: 240, clock: Self.clock)  // sound 1 starts
        let dropped = mixer.cancel(from: 100.0)
        #expect(dropped.count == 2 && dropped.allSatisfy { $0.instant == nil })
        #expect(mixer.sounds.map(\.id) == [1])
    }

    @Test func overlappingLoudSoundsNeverClip() {
        var mixer = Mixer()
        let wave: [Float] = (0..<960).map { i in Float(sin(Double(i) / 7)) * 0.9 }
        let loud = Clip(sampleRate: 48_000, samples: wave)
        for id in 0..<4 { mixer.add(Self.sound(UInt64(id), at: 100, clip: loud)) }
        _ = mixer.place(blockStart: 1_000, count: 480, clock: Self.clock)
        var block = [Float](repeating: 0, count: 960)
        mixer.render(into: &block, blockStart: 1_000, count: 480)
        #expect(block.allSatisfy { abs($0) < 1 })
        #expect(block.map { abs($0) }.max()! > 0.95)  // loud, yet below full scale
    }

    @Test func softLimitLeavesCuesUntouchedAndIsMonotonic() {
        for x in stride(from: -0.8 as Float, through: 0.8, by: 0.01) { #expect(softLimit(x) == x) }
        var previous = softLimit(0.8)
        for x in stride(from: 0.81 as Float, through: 8, by: 0.01) {
            let y = softLimit(x)
            #expect(y >= previous && y < 1)
            #expect(softLimit(-x) == -y)
            previous = y
        }
    }

    @Test func volumeScalesEachSound() {
        var mixer = Mixer()
        mixer.add(Self.sound(1, at: 100, clip: Clip(sampleRate: 48_000, samples: [0.5, 0.5]), gain: 0.5))
        _ = mixer.place(blockStart: 1_000, count: 1, clock: Self.clock)
        var block: [Float] = [0, 0]
        mixer.render(into: &block, blockStart: 1_000, count: 1)
        #expect(block == [0.25, 0.25])
    }
}

extension MixerTests {
    @Test func pendingVoicesFollowADeviceThatSettledOnAnotherRate() {
        var mixer = Mixer()
        let clip = Clip(sampleRate: 48_000, samples: [Float](repeating: 0.2, count: 9_600))  // 0.1 s
        mixer.add(Self.sound(1, at: 100, clip: clip))
        mixer.convertPending(to: 44_100)
        #expect(mixer.sounds[0].clip.sampleRate == 44_100)
        #expect(mixer.sounds[0].clip.frameCount == 4_410)
    }
}
