import CPulse
import Dispatch
import Logging
import ReliefMeasure
import Synchronization
import Testing
@testable import ReliefContext
#if canImport(Glibc)
import Glibc
#endif

/// The in-call check against a real PulseAudio: a null sink, and a null source as the
/// microphone. `parec` on the microphone is the call; recording the sink's monitor is not.
@Suite(.serialized) struct PulseCallMonitorTests {
    @Test(.enabled(if: PulseNullSink.isAvailable))
    func aRecordingMicrophoneIsACallAndTheMonitorIsNot() throws {
        let pulse = try PulseNullSink(modules: ["module-null-source source_name=mic"])
        defer { pulse.stop() }
        let changes = Mutex<[Bool]>([])
        guard let monitor = PulseCallMonitor(server: pulse.server, logger: Logger(label: "test")) else {
            Issue.record("libpulse's mainloop did not start")
            return
        }
        defer { monitor.stop() }
        monitor.start { active in changes.withLock { $0.append(active) } }
        #expect(waitUntil { monitor.isConnected })
        #expect(monitor.inCall(timeout: 2) == false)

        // Recording what is played (the sink's monitor) is no call.
        let visualiser = try recorder(pulse, device: "null.monitor")
        defer { visualiser.stop(within: 2) }
        #expect(waitUntil { streamCount(pulse) == 1 })
        #expect(monitor.inCall(timeout: 2) == false)

        // Recording the microphone is.
        let call = try recorder(pulse, device: "mic")
        #expect(waitUntil { streamCount(pulse) == 2 })
        #expect(monitor.inCall(timeout: 2) == true)
        #expect(waitUntil { changes.withLock { $0 } == [true] })

        // The call ends: the monitor hears it without being asked.
        call.stop(within: 2)
        #expect(waitUntil { changes.withLock { $0 } == [true, false] })
        #expect(monitor.inCall(timeout: 2) == false)
    }

    @Test func noServerMeansTheCheckIsOff() {
        guard let monitor = PulseCallMonitor(server: "unix:/nonexistent/relief-test/native", logger: Logger(label: "test")) else {
            Issue.record("libpulse's mainloop did not start")
            return
        }
        defer { monitor.stop() }
        monitor.start { _ in }
        #expect(!monitor.isConnected)
        #expect(monitor.inCall(timeout: 1) == nil)
    }

    /// One failed attempt schedules one retry, not two (libpulse reports the failure twice),
    /// and the delays back off: 2, 4, 8 s. The retries run when the test runs them.
    @Test func aFailedConnectionIsRetriedOnceAtATime() {
        let scheduled = Mutex<[(delay: Double, attempt: @Sendable () -> Void)]>([])
        guard let monitor = PulseCallMonitor(
            server: "unix:/nonexistent/relief-test/native", logger: Logger(label: "test"),
            retryAfter: { delay, attempt in scheduled.withLock { $0.append((delay, attempt)) } }
        ) else {
            Issue.record("libpulse's mainloop did not start")
            return
        }
        defer { monitor.stop() }
        monitor.start { _ in }
        for round in 1...3 {
            // A missing socket fails inside pa_context_connect, under the mainloop lock, and
            // both of libpulse's reports come there: once one retry is queued, a second one
            // would be queued already.
            #expect(waitUntil { scheduled.withLock { $0.count } >= round })
            #expect(scheduled.withLock { $0.count } == round)
            let next = scheduled.withLock { $0[round - 1].attempt }
            next()
        }
        #expect(waitUntil { scheduled.withLock { $0.count } >= 4 })
        #expect(scheduled.withLock { $0.map(\.delay) } == [2, 4, 8, 16])
    }
}

/// `parec` recording `device` of `pulse` into /dev/null.
func recorder(_ pulse: PulseNullSink, device: String) throws -> ChildProcess {
    try ChildProcess(["parec", "-s", pulse.server, "-d", device, "--latency-msec=20"], environment: pulse.environment())
}

/// The number of recording streams `pactl` lists.
func streamCount(_ pulse: PulseNullSink) -> Int {
    let path = "\(pulse.directory)/streams-\(UInt32.random(in: 0...UInt32.max))"
    defer { unlink(path) }
    guard let lister = try? ChildProcess(["pactl", "-s", pulse.server, "list", "short", "source-outputs"],
                                         environment: pulse.environment(), output: .file(path)),
          lister.waitForExit(timeout: 5) else { return -1 }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return -1 }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 4096)
    let count = read(fd, &bytes, bytes.count)
    return count <= 0 ? 0 : bytes[..<count].filter { $0 == UInt8(ascii: "\n") }.count
}

/// Polls `condition` every 10 ms for at most `timeout` seconds.
func waitUntil(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = DispatchTime.now() + timeout
    while DispatchTime.now() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// A level meter as volume controls open one: a recording stream with PA_STREAM_PEAK_DETECT,
/// made with libpulse on its own threaded mainloop.
final class PeakMeter {
    private let mainloop: OpaquePointer
    private var context: OpaquePointer?
    private var stream: OpaquePointer?

    /// Opens a peak-detect stream on `source` of `server`; nil when it cannot.
    init?(server: String, source: String) {
        guard let loop = pa_threaded_mainloop_new() else { return nil }
        mainloop = loop
        guard pa_threaded_mainloop_start(loop) == 0 else { return nil }
        pa_threaded_mainloop_lock(loop)
        defer { pa_threaded_mainloop_unlock(loop) }
        context = pa_context_new(pa_threaded_mainloop_get_api(loop), "peak-meter-test")
        guard let context, pa_context_connect(context, server, PA_CONTEXT_NOAUTOSPAWN, nil) >= 0 else { return nil }
        // Wait (bounded: 5 s) for the connection, releasing the lock while waiting.
        var waited = 0
        while pa_context_get_state(context) != PA_CONTEXT_READY {
            guard waited < 500, pa_context_get_state(context) != PA_CONTEXT_FAILED else { return nil }
            pa_threaded_mainloop_unlock(loop)
            usleep(10_000)
            pa_threaded_mainloop_lock(loop)
            waited += 1
        }
        var spec = pa_sample_spec(format: PA_SAMPLE_FLOAT32LE, rate: 25, channels: 1)
        stream = pa_stream_new(context, "Level meter", &spec, nil)
        guard let stream else { return nil }
        let flags = pa_stream_flags_t(PA_STREAM_PEAK_DETECT.rawValue | PA_STREAM_ADJUST_LATENCY.rawValue)
        guard pa_stream_connect_record(stream, source, nil, flags) == 0 else { return nil }
    }

    deinit {
        pa_threaded_mainloop_lock(mainloop)
        if let stream { pa_stream_disconnect(stream); pa_stream_unref(stream) }
        if let context { pa_context_disconnect(context); pa_context_unref(context) }
        pa_threaded_mainloop_unlock(mainloop)
        pa_threaded_mainloop_stop(mainloop)
        pa_threaded_mainloop_free(mainloop)
    }
}

extension PulseCallMonitorTests {
    /// What identifies a level meter on a real server: the stream's resampler is `peaks`.
    @Test(.enabled(if: PulseNullSink.isAvailable))
    func aPeakMeterOnTheMicrophoneIsNoCall() throws {
        let pulse = try PulseNullSink(modules: ["module-null-source source_name=mic"])
        defer { pulse.stop() }
        guard let monitor = PulseCallMonitor(server: pulse.server, logger: Logger(label: "test")) else {
            Issue.record("libpulse's mainloop did not start")
            return
        }
        defer { monitor.stop() }
        monitor.start { _ in }
        #expect(waitUntil { monitor.isConnected })
        let meter = try #require(PeakMeter(server: pulse.server, source: "mic"))
        #expect(waitUntil { streamCount(pulse) == 1 })
        #expect(monitor.inCall(timeout: 2) == false)
        withExtendedLifetime(meter) {}
    }
}

extension PulseCallMonitorTests {
    /// The sound server crashes mid-call and comes back: the call ends for the check (no
    /// break held back for ever), and the check reconnects on its own.
    @Test(.enabled(if: PulseNullSink.isAvailable))
    func aServerThatGoesAwayEndsTheCallAndIsReconnected() throws {
        let modules = ["module-null-source source_name=mic"]
        let pulse = try PulseNullSink(modules: modules)
        defer { pulse.stop() }
        let changes = Mutex<[Bool]>([])
        guard let monitor = PulseCallMonitor(server: pulse.server, logger: Logger(label: "test")) else {
            Issue.record("libpulse's mainloop did not start")
            return
        }
        defer { monitor.stop() }
        monitor.start { active in changes.withLock { $0.append(active) } }
        #expect(waitUntil { monitor.isConnected })
        let call = try recorder(pulse, device: "mic")
        defer { call.kill() }
        #expect(waitUntil { changes.withLock { $0 } == [true] })

        pulse.kill()
        #expect(waitUntil { !monitor.isConnected })
        #expect(waitUntil { changes.withLock { $0 } == [true, false] })
        #expect(monitor.inCall(timeout: 1) == nil)

        let again = try PulseNullSink(directory: pulse.directory, modules: modules)
        defer { again.stop() }
        #expect(waitUntil(timeout: 15) { monitor.isConnected })
        #expect(monitor.inCall(timeout: 2) == false)
    }
}
