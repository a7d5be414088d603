import Glibc
import ReliefCue
import ReliefMeasure
import Testing
@_spi(Testing) @testable import ReliefAudio

extension RealTimeAudio {
    /// Real-time behaviour against a private PulseAudio null sink, recorded from its monitor.
    /// Bounds are loose (the precise figures belong to `make bench`); the plan's shape is not.
    @Suite(.serialized) struct PulseTimingTests {
        /// 20 ticks, 50–100 ms apart, in a fixed irregular pattern.
        static let gaps: [Double] = (0..<19).map { 0.05 + Double(($0 * 37) % 11) * 0.005 }

        /// Schedules a tick at `start` and after each of `gaps`, then closes the stream (it plays
        /// what is queued out); returns the ticks' instants and their onset reports.
        static func playTicks(on stream: CueStream, from start: Double) -> (instants: [Double], log: OnsetLog) {
            var instants = [start]
            for gap in gaps { instants.append(instants.last! + gap) }
            let log = OnsetLog()
            for (index, instant) in instants.enumerated() {
                stream.schedule(.tick, at: instant, id: CueID(UInt64(index)), onset: log.callback(UInt64(index)))
            }
            stream.close()
            return (instants, log)
        }

        @Test func onsetsAtTheSinkMatchThePlan() throws {
            guard let fixture = try RecordedPulseSink.start() else { return }
            defer { fixture.stop() }
            let (recorder, stream) = (fixture.recorder, fixture.stream)

            stream.open()
            // The first tick is due as soon after opening as a session's first cue (the
            // scheduler's 20 ms lead, plus a little): it must sound on plan too, not behind the
            // silence the stream starts with.
            let start = now() + 0.025
            let (instants, log) = PulseTimingTests.playTicks(on: stream, from: start)
            #expect(stream.waitUntilIdle(timeout: instants.last! - now() + 5))
            usleep(100_000)  // let the sink's monitor deliver the last block
            let recording = recorder.stop()
            #expect(stream.status.ok, "\(stream.status)")
            #expect(log.wait(for: instants.count, timeout: 2))

            let onsets = try tickOnsets(in: recording.samples, time: recording.time(ofFrame:))
            let silent = instants.indices.filter { log.silent(UInt64($0)) }
            let found = onsets.map { Int((($0 - instants[0]) * 1000).rounded()) }
            try #require(onsets.count == instants.count, Comment(rawValue:
                "found \(onsets.count) onsets at \(found) ms, planned \(instants.count); not played: \(silent); underruns \(stream.underruns)"))

            var intervalErrors: [Double] = []
            for index in instants.indices {
                // Absolute: the recorder's timebase is only known to a few ms, so the bound is loose.
                #expect(abs(onsets[index] - instants[index]) < 0.020,
                        "tick \(index) sounded \((onsets[index] - instants[index]) * 1000) ms off plan")
                if let reported = log.reports[UInt64(index)] ?? nil {
                    #expect(abs(reported - instants[index]) < 0.020, "reported onset \((reported - instants[index]) * 1000) ms off")
                } else {
                    Issue.record("tick \(index) reported no onset")
                }
                if index > 0 {
                    intervalErrors.append((onsets[index] - onsets[index - 1]) - (instants[index] - instants[index - 1]))
                }
            }
            let worst = intervalErrors.map { abs($0) }.max() ?? 0
            let estimateErrors = instants.indices.compactMap { index in
                (log.reports[UInt64(index)] ?? nil).map { $0 - onsets[index] }
            }
            print("pulse null sink: \(instants.count) ticks, interval error max \(worst * 1000) ms, "
                  + "mean offset \((zip(onsets, instants).map { $0 - $1 }.reduce(0, +) / Double(onsets.count)) * 1000) ms, "
                  + "reported-minus-recorded onset \(estimateErrors.min()! * 1000)…\(estimateErrors.max()! * 1000) ms, "
                  + "underruns \(stream.underruns)")
            #expect(worst < 0.002, "intervals drift from the plan by up to \(worst * 1000) ms")
        }

        /// `earliestOnTime` waits until the device really plays and names an instant from which a
        /// sound is placed on plan: a cue scheduled there is placed (and reported) there, not
        /// behind the stream's start-up, and the sink hears it there.
        @Test func aCueAtTheEarliestOnTimeInstantSoundsOnPlan() throws {
            guard let fixture = try RecordedPulseSink.start() else { return }
            defer { fixture.stop() }
            let (recorder, stream) = (fixture.recorder, fixture.stream)

            let opened = now()
            stream.open()
            let onTime = try #require(stream.earliestOnTime(timeout: 2), "the device did not start playing within 2 s")
            #expect(onTime > opened && onTime - opened < 0.5, "plays on time from \((onTime - opened) * 1000) ms after open")
            let log = OnsetLog()
            stream.schedule(.tick, at: onTime, id: CueID(1), onset: log.callback(1))
            stream.close()
            #expect(stream.waitUntilIdle(timeout: 5))
            // The stream held its writes until the tick came; what it had queued kept the device fed.
            #expect(stream.underruns == 0, "the device ran dry \(stream.underruns) times")
            usleep(100_000)  // let the sink's monitor deliver the last block
            let recording = recorder.stop()
            #expect(log.wait(for: 1, timeout: 2))
            let reported = try #require(log.reports[1] ?? nil, "the tick reported no onset")
            // Placed on the stream's own mapping: exactly on plan unless it had to wait.
            #expect(abs(reported - onTime) < 0.001, "placed \((reported - onTime) * 1000) ms off plan")

            let onsets = try tickOnsets(in: recording.samples, time: recording.time(ofFrame:))
            let heard = try #require(onsets.first, "the sink heard nothing")
            // The recorder's timebase is only known to a few ms (see above).
            #expect(abs(heard - onTime) < 0.020, "heard \((heard - onTime) * 1000) ms off plan")
        }

        /// Between sounds far apart the stream stops its device (no silence written, no
        /// wakeups) and starts it again in time for the next: every tick still sounds on plan.
        @Test func aStreamRestsBetweenDistantSoundsAndWakesInTime() throws {
            guard let fixture = try RecordedPulseSink.start() else { return }
            defer { fixture.stop() }
            let (recorder, stream) = (fixture.recorder, fixture.stream)

            stream.open()
            let start = try #require(stream.earliestOnTime(timeout: 2), "the device did not start playing within 2 s")
            // Gaps long enough to rest in, irregular, the last handed over while the stream
            // already rests (as a session hands its cues, a lookahead ahead).
            let instants = [start, start + 1.0, start + 2.2, start + 3.3]
            let log = OnsetLog()
            for index in 0..<3 {
                stream.schedule(.tick, at: instants[index], id: CueID(UInt64(index)), onset: log.callback(UInt64(index)))
            }
            usleep(UInt32(max(0, instants[3] - 0.9 - now()) * 1e6))
            stream.schedule(.tick, at: instants[3], id: CueID(3), onset: log.callback(3))
            stream.close()
            #expect(stream.waitUntilIdle(timeout: 5))
            usleep(100_000)  // let the sink's monitor deliver the last block
            let recording = recorder.stop()
            #expect(log.wait(for: instants.count, timeout: 2))
            #expect(stream.rests >= 3, "the device rested \(stream.rests) times in three long gaps")
            #expect(stream.underruns == 0, "the device ran dry \(stream.underruns) times")
            print("pulse null sink: \(stream.rests) rests, slowest start \(stream.slowestStart * 1000) ms")

            let onsets = try tickOnsets(in: recording.samples, time: recording.time(ofFrame:))
            try #require(onsets.count == instants.count, "found \(onsets.count) onsets, planned \(instants.count)")
            for index in instants.indices {
                let reported = try #require(log.reports[UInt64(index)] ?? nil, "tick \(index) reported no onset")
                // Each start re-derives the mapping; the estimate must still match the sink.
                #expect(abs(reported - instants[index]) < 0.001, "tick \(index) placed \((reported - instants[index]) * 1000) ms off plan")
                #expect(abs(onsets[index] - instants[index]) < 0.020, "tick \(index) heard \((onsets[index] - instants[index]) * 1000) ms off plan")
                if index > 0 {
                    let error = (onsets[index] - onsets[index - 1]) - (instants[index] - instants[index - 1])
                    #expect(abs(error) < 0.002, "interval \(index) off by \(error * 1000) ms")
                }
            }
        }

        /// A device that starts slowly — a null sink nothing else keeps running renders 2 s
        /// blocks, so a new stream waits up to 2 s for its first frame to be taken — is kept
        /// running between sounds: resting would make a cue asked for "now" (pause, stop) wait
        /// for such a start.
        @Test func aSlowStartingDeviceDoesNotRest() throws {
            guard PulseNullSink.isAvailable else {
                print("skipped: pulseaudio/parec not installed (apt-get install pulseaudio pulseaudio-utils)")
                return
            }
            let sink = try PulseNullSink()  // no recorder: the sink idles until the stream plays
            defer { sink.stop() }
            let stream = CueStream(device: "relief_test", alsaConfig: sink.alsaConfig(pcm: "relief_test"))
            stream.open()
            let start = try #require(stream.earliestOnTime(timeout: 5), "the device did not start playing within 5 s")
            #expect(stream.slowestStart > StreamSession.slowestRestingStart,
                    "the idle sink took \(stream.slowestStart * 1000) ms to start; expected its 2 s block")
            let log = OnsetLog()
            stream.schedule(.tick, at: start, id: CueID(1), onset: log.callback(1))
            stream.schedule(.tick, at: start + 1.2, id: CueID(2), onset: log.callback(2))
            stream.close()
            #expect(stream.waitUntilIdle(timeout: 5))
            #expect(log.wait(for: 2, timeout: 2))
            #expect(stream.rests == 0, "the stream rested \(stream.rests) times on a slow-starting device")
            for id in [UInt64(1), 2] {
                let reported = try #require(log.reports[id] ?? nil, "tick \(id) did not play")
                #expect(abs(reported - (id == 1 ? start : start + 1.2)) < 0.001, "tick \(id) placed off plan")
            }
        }

        /// A stream resting between sounds that is opened again (a session starting while a
        /// break's warning keeps the stream open) starts its device at once: the caller waiting
        /// for it to play is not kept waiting for a sound it has not handed over yet.
        @Test func openingARestingStreamWakesItAtOnce() throws {
            guard let fixture = try RecordedPulseSink.start() else { return }  // recording keeps the sink running
            defer { fixture.stop() }
            let stream = fixture.stream
            stream.open()
            let first = try #require(stream.earliestOnTime(timeout: 2), "the device did not start playing within 2 s")
            stream.schedule(.tick, at: first, id: CueID(1)) { _ in }
            let deadline = now() + 3
            while stream.rests == 0 && now() < deadline { usleep(10_000) }
            try #require(stream.rests == 1, "the stream did not rest after its only sound")

            let reopened = now()
            stream.open()
            let onTime = try #require(stream.earliestOnTime(timeout: 2), "the resting device did not start again")
            #expect(onTime - reopened < 0.1, "on time only \((onTime - reopened) * 1000) ms after open()")
            stream.close()
            #expect(stream.waitUntilIdle(timeout: 5))
        }
    }
}
