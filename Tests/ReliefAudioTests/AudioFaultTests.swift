import Glibc
import ReliefCue
import ReliefMeasure
import Testing
@_spi(Testing) @testable import ReliefAudio

extension RealTimeAudio {
    /// Audio trouble never stalls the caller or crashes: it shows in `status`, cues report no
    /// onset, and the device is retried while the stream is open.
    @Suite(.serialized) struct AudioFaultTests {
        /// Waits (bounded) until `condition` holds.
        static func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
            let deadline = now() + seconds
            while !condition() {
                if now() > deadline { return false }
                usleep(5_000)
            }
            return true
        }

        @Test func aWrongDeviceNameIsReportedAndNothingBlocks() {
            let stream = CueStream(device: "no-such-relief-pcm", alsaConfig: nil)
            let log = OnsetLog()
            stream.open()
            let before = now()
            stream.schedule(.begin, at: now() + 0.05, id: CueID(1), onset: log.callback(1))
            #expect(now() - before < 0.01, "schedule blocked")
            #expect(Self.eventually(within: 2) { !stream.status.ok })
            let status = stream.status
            #expect(status.device == "no-such-relief-pcm")
            #expect(status.error?.contains("device \"no-such-relief-pcm\" not found") == true, "\(status)")
            #expect(status.error?.contains("--device") == true)
            // The cue's moment passes without a device: its onset is reported as nil.
            #expect(log.wait(for: 1, timeout: 2))
            #expect(log.silent(1))
            stream.close()
            #expect(stream.waitUntilIdle(timeout: 2))
        }

        @Test func problemsAreWordedForTheUser() {
            let busy = describeProblem(AlsaError(call: "snd_pcm_open", returned: -Int(EBUSY)), device: "hw:0")
            #expect(busy.contains("device \"hw:0\" busy — another program holds it"))
            let gone = describeProblem(AlsaError(call: "snd_pcm_writei", returned: -Int(ENODEV)), device: "hw:1", wasOpen: true)
            #expect(gone.contains("went away") && gone.contains("retrying"))
            // A device that never opened did not go away: it was never there.
            let never = describeProblem(AlsaError(call: "snd_pcm_open", returned: -Int(ENODEV)), device: "hw:1")
            #expect(never.contains("not found") && !never.contains("went away"))
            let missing = describeProblem(AlsaError(call: "snd_pcm_open", returned: -Int(ENOENT)), device: "usb")
            #expect(missing.contains("`aplay -L`"))
            #expect(AlsaError(call: "snd_pcm_open", returned: -Int(ENOENT)).description == "snd_pcm_open: No such file or directory")
        }

        @Test func aSoundServerDyingMidSessionIsSurvivedAndRetried() throws {
            guard PulseNullSink.isAvailable else {
                print("skipped: pulseaudio not installed (apt-get install pulseaudio pulseaudio-utils)")
                return
            }
            let sink = try PulseNullSink()
            var restarted: PulseNullSink?
            defer {
                restarted?.stop()
                sink.stop()
            }
            // A monitor reader keeps the null sink consuming in real time, like a sound card.
            let recorder = try sink.record()
            #expect(recorder.waitForData(timeout: 5))
            let stream = CueStream(device: "relief_fault", alsaConfig: sink.alsaConfig(pcm: "relief_fault"))
            let log = OnsetLog()
            stream.open()
            let start = now() + 0.2
            stream.schedule(.tick, at: start, id: CueID(0), onset: log.callback(0))
            #expect(log.wait(for: 1, timeout: 3))
            #expect(log.played(0), "the first tick should play: \(stream.status)")

            sink.kill()
            _ = recorder.stop()
            // The stream notices (write error or stall), says so, and keeps taking requests.
            #expect(Self.eventually(within: 4) { !stream.status.ok }, "status stayed ok after the server died")
            #expect(stream.status.error?.contains("relief_fault") == true, "\(stream.status)")
            print("status while the server is down: \(stream.status.error ?? "-")")
            let before = now()
            stream.schedule(.tick, at: now() + 0.05, id: CueID(1), onset: log.callback(1))
            stream.cancel(from: now() + 10)
            #expect(now() - before < 0.01, "calls blocked while the device is down")
            #expect(log.wait(for: 2, timeout: 3))
            #expect(log.silent(1))

            // The server returns on the same socket: the retry picks it up.
            restarted = try PulseNullSink(directory: sink.directory)
            let secondRecorder = try restarted?.record()
            defer { _ = secondRecorder?.stop() }
            #expect(secondRecorder?.waitForData(timeout: 5) == true)
            #expect(Self.eventually(within: 8) { stream.status.ok }, "never reconnected: \(stream.status)")
            stream.schedule(.tick, at: now() + 0.1, id: CueID(2), onset: log.callback(2))
            #expect(log.wait(for: 3, timeout: 3))
            #expect(log.played(2))
            stream.close()
            #expect(stream.waitUntilIdle(timeout: 3))
        }
    }
}
