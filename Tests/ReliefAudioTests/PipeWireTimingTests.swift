import Glibc
import ReliefCue
import ReliefMeasure
import Testing
@_spi(Testing) @testable import ReliefAudio

extension RealTimeAudio {
    /// The stream's onset estimate on a private PipeWire null sink (through the ALSA pipewire
    /// plugin), against the sink's monitor recorded by `pw-record`: issue 17, where the estimate
    /// seemed 5.3 ms early — one 256-frame quantum that `pw-record`'s stdio buffering added to
    /// the recording, not to the estimate (see `PipeWireNullSink.record`).
    @Suite(.serialized) struct PipeWireTimingTests {
        @Test func reportedOnsetsMatchTheSinkWithinAMillisecond() throws {
            guard let fixture = try RecordedPipeWireSink.start() else { return }
            defer { fixture.stop() }
            let (recorder, stream) = (fixture.recorder, fixture.stream)

            stream.open()
            let onTime = try #require(stream.earliestOnTime(timeout: 2), "the device did not start playing within 2 s: \(stream.status)")
            let (instants, log) = PulseTimingTests.playTicks(on: stream, from: max(onTime, now() + 0.005))
            #expect(stream.waitUntilIdle(timeout: instants.last! - now() + 5))
            usleep(500_000)  // the monitor delivers the last quantum, and reads after it place it (`SinkClock`)
            let recording = recorder.stop()
            #expect(stream.status.ok, "\(stream.status)")
            #expect(log.wait(for: instants.count, timeout: 2))

            // Placed by the reads just after each onset (`SinkClock`): the recording's first reads
            // (an idle graph starting) and a cycle lost meanwhile would move the whole-recording
            // anchor (`Recording.time`) by up to a few hundred ms.
            let onsets = try tickOnsets(in: recording.samples, time: SinkClock(recording).time(ofFrame:))
            try #require(onsets.count == instants.count, "found \(onsets.count) onsets, planned \(instants.count); underruns \(stream.underruns)")
            var errors: [Double] = []
            for index in instants.indices {
                guard let reported = log.reports[UInt64(index)] ?? nil else {
                    Issue.record("tick \(index) reported no onset")
                    continue
                }
                errors.append(reported - onsets[index])
            }
            print("pipewire null sink: \(instants.count) ticks, reported-minus-recorded onset "
                  + "\(errors.min()! * 1000)…\(errors.max()! * 1000) ms, underruns \(stream.underruns)")
            for (index, error) in errors.enumerated() {
                #expect(abs(error) < 0.001, "tick \(index): reported \(error * 1000) ms from where the sink played it")
            }
        }

        /// Sounds a second apart: the stream rests between them when the device starts quickly
        /// enough (`StreamSession.slowestRestingStart`), and either way every onset it reports
        /// is where the sink played it.
        @Test func soundsFarApartAreReportedWhereTheySound() throws {
            guard let fixture = try RecordedPipeWireSink.start() else { return }
            defer { fixture.stop() }
            let (recorder, stream) = (fixture.recorder, fixture.stream)
            let opened = now()
            stream.open()
            let start = try #require(stream.earliestOnTime(timeout: 2), "the device did not start playing within 2 s: \(stream.status)")
            let instants = [start, start + 1.0, start + 2.1]
            let ready = now()
            let log = OnsetLog()
            for (index, instant) in instants.enumerated() {
                stream.schedule(.tick, at: instant, id: CueID(UInt64(index)), onset: log.callback(UInt64(index)))
            }
            stream.close()
            #expect(stream.waitUntilIdle(timeout: 8))
            usleep(500_000)
            let recording = recorder.stop()
            #expect(log.wait(for: instants.count, timeout: 2))
            print("pipewire null sink: open → on time \((start - opened) * 1000) ms (told after \((ready - opened) * 1000) ms), "
                  + "\(stream.rests) rests, slowest start \(stream.slowestStart * 1000) ms")

            let onsets = try tickOnsets(in: recording.samples, time: SinkClock(recording).time(ofFrame:))
            try #require(onsets.count == instants.count, "found \(onsets.count) onsets, planned \(instants.count)")
            for index in instants.indices {
                let reported = try #require(log.reports[UInt64(index)] ?? nil, "tick \(index) reported no onset")
                #expect(abs(reported - instants[index]) < 0.001, "tick \(index) placed \((reported - instants[index]) * 1000) ms off plan")
                #expect(abs(reported - onsets[index]) < 0.001, "tick \(index): reported \((reported - onsets[index]) * 1000) ms from the sink")
            }
        }
    }
}
