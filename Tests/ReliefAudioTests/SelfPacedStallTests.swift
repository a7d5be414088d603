import Glibc
import Synchronization
import Testing
@testable import ReliefAudio

/// ALSA `null` takes data as fast as it comes, so the stream paces itself by the clock; after
/// a stall (its thread not running) a cue due meanwhile is reported late, never on time.
@Suite struct SelfPacedStallTests {
    @Test func aCueWrittenLateAfterAStallIsReportedLate() throws {
        var session = StreamSession(request: StreamRequest())
        try session.openDevice(name: "null", config: nil)
        defer { session.closeDevice() }
        #expect(session.selfPaced)
        // Run in step for a moment.
        let start = MonotonicClock.now()
        while MonotonicClock.now() < start + 0.1 {
            if let until = try session.writePeriod(deliver: { _ in }) { usleep(UInt32(max(0, until - MonotonicClock.now()) * 1e6)) }
        }
        usleep(200_000)  // the stall: nothing written for 0.2 s
        let due = MonotonicClock.now() - 0.1  // a cue whose instant passed during the stall
        let onset = Mutex<Double??>(nil)
        session.add(ScheduledSound(id: 1, clip: Clip(sampleRate: 48_000, samples: [Float](repeating: 0.5, count: 960)),
                          instant: due, gain: 1, onset: { value in onset.withLock { $0 = value } }))
        let writtenAt = MonotonicClock.now()
        for _ in 0..<50 where onset.withLock({ $0 }) == nil {
            _ = try session.writePeriod(deliver: { reports in for report in reports { report.onset(report.instant) } })
        }
        let reported = try #require(onset.withLock { $0 })
        // Written just now, it sounds a buffer from now at the earliest: late, not at `due`.
        #expect(reported.map { $0 >= writtenAt } ?? true, "reported \(String(describing: reported)) for a cue due at \(due), written at \(writtenAt)")
    }
}
