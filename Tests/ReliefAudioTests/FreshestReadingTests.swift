import Testing
@testable import ReliefAudio

/// The stream's mapping follows the freshest position reading, so readings a plugin updates
/// only once per server cycle do not make cues wander.
@Suite struct FreshestReadingTests {
    /// Truth: frame 0 reaches the device at 100 s. Readings every 10 ms, each stale by where
    /// it falls in a 1024-frame (21.3 ms) graph cycle, as the ALSA pipewire plugin's are.
    @Test func staleReadingsWithinACycleDoNotMoveTheMapping() {
        var readings = FreshestReading(rate: 48_000)
        let cycle = 1_024.0 / 48_000
        var worst = 0.0
        for index in 0..<300 {
            let time = 100.0 + Double(index) * 0.010
            let stale = (time - 100).truncatingRemainder(dividingBy: cycle)  // since the last cycle
            let frame = Int64(((time - 100 - stale) * 48_000).rounded())  // what the plugin still says
            let clock = readings.observe(frame: frame, time: time)
            if index >= 3 { worst = max(worst, abs(clock.time(ofFrame: 48_000) - 101)) }
        }
        #expect(worst < 0.000_5)
    }

    @Test func aJumpedServerIsFollowedAtOnce() {
        var readings = FreshestReading(rate: 48_000)
        _ = readings.observe(frame: 0, time: 100)
        _ = readings.observe(frame: 480, time: 100.01)
        // The server restarted: frame 960 now reaches the device 200 ms later than before.
        let clock = readings.observe(frame: 960, time: 100.22)
        #expect(abs(clock.time(ofFrame: 960) - 100.22) < 1e-9)
    }

    @Test func oldReadingsLeaveTheWindow() {
        var readings = FreshestReading(rate: 48_000)
        _ = readings.observe(frame: 0, time: 100)  // 5 ms fresher than all that follow
        var clock = readings.observe(frame: 24_000, time: 100.505)
        #expect(abs(clock.time(ofFrame: 24_000) - 100.5) < 1e-9)
        clock = readings.observe(frame: 72_000, time: 101.505)  // the first reading is over a second old
        #expect(abs(clock.time(ofFrame: 72_000) - 101.505) < 1e-9)
    }
}
