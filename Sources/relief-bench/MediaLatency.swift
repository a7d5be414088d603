import Dispatch
import Glibc
import Logging
import ReliefBus
import ReliefMeasure
import Synchronization

/// What the hands-free control measurement gave: seconds from a command sent to its cue's
/// first frame at the sink, by how the command came.
struct MediaLatencyResults {
    /// MPRIS `PlayPause` sent on a private session bus (alternately a pause and a resume cue).
    var mpris: [Double] = []
    /// The same toggle as a socket `toggle` request, for comparison.
    var socket: [Double] = []
    /// Commands whose cue was not found in the recording.
    var missed = 0
    var presses = 0
    var renderAhead: Double?
}

/// MPRIS `PlayPause` → the pause (or resume) cue's first frame at a PulseAudio null sink:
/// a private dbus-daemon, reliefd on it playing into the sink, and the bench as the MPRIS
/// client (through ReliefBus, so the time taken is the message's, not a client process's start).
enum MediaLatency {
    /// A session that stays silent for a minute (a long prepare, no ticks), so every cue in
    /// the recording is one the presses caused.
    static let routine = """
        name = "bench-hold"
        title = "Bench hold"
        summary = "A silent minute for timing button presses."
        [[steps]]
        name = "Stay"
        how = "Stay where you are."
        prepare = 60
        hold = 600
        countdown = 0
        release = 5
        """

    static func run(bench: Bench, presses: Int = 20, gap: Double = 0.8) throws -> MediaLatencyResults {
        guard PrivateBus.isAvailable else { throw BenchError("dbus-daemon is not installed (apt-get install dbus)") }
        let home = bench.directory("media")
        let routines = bench.directory("media-routines")
        writeText("\(routines)/bench-hold.toml", routine)
        let bus = try PrivateBus()
        defer { bus.stop() }
        let sink = try PulseNullSink()
        defer { sink.stop() }
        let recorder = try sink.record()
        guard recorder.waitForData(timeout: 5) else { throw BenchError("parec delivered no data from the null sink within 5 s") }
        let environment = bench.environment(home: home, extra: ["PULSE_SERVER": sink.server, "DBUS_SESSION_BUS_ADDRESS": bus.address])
        let daemon = try DaemonUnderTest(bench: bench, home: home, arguments: ["--device", "pulse", "--routines", routines],
                                         environment: environment)
        defer { daemon.stop() }
        guard daemon.waitUntilServing() != nil else { throw BenchError("reliefd did not answer ping within 10 s: \(readText(daemon.logPath) ?? "")") }

        var logger = Logger(label: "relief-bench.bus")
        logger.logLevel = .critical  // the report is on stdout
        let client = BusConnection(.session, queue: DispatchQueue(label: "relief-bench.bus", qos: .userInteractive),
                                   environment: ["DBUS_SESSION_BUS_ADDRESS": bus.address], logger: logger)
        client.start()
        defer { client.close() }
        guard waitFor(timeout: 5, { playbackStatus(client) != nil }) else {
            throw BenchError("reliefd did not appear as org.mpris.MediaPlayer2.relief within 5 s: \(readText(daemon.logPath) ?? "")")
        }
        guard daemon.request(#"{"cmd":"start","routine":"bench-hold"}"#)?.contains("\"ok\":true") == true else {
            throw BenchError("start bench-hold failed: \(readText(daemon.logPath) ?? "")")
        }
        pause(1)  // the begin cue is over; the prepare phase is silent
        let offset = wallMinusMonotonic()
        var mprisSent: [Double] = []
        for _ in 0..<presses {
            mprisSent.append(wallNow())
            client.call(BusMethodCall(destination: "org.mpris.MediaPlayer2.relief", path: "/org/mpris/MediaPlayer2",
                                      interface: "org.mpris.MediaPlayer2.Player", member: "PlayPause")) { _ in }
            pause(gap)
        }
        guard let connection = LineConnection(path: daemon.socketPath) else { throw BenchError("cannot connect to reliefd") }
        var socketSent: [Double] = []
        for _ in 0..<presses {
            socketSent.append(wallNow())
            _ = connection.request(#"{"cmd":"toggle"}"#)
            pause(gap)
        }
        var results = MediaLatencyResults()
        results.renderAhead = CueTiming.renderAhead(sink: sink, home: home)
        pause(0.3)  // the sink's monitor delivers the last block
        let recording = recorder.stop()
        let onsets = CueTiming.detections(in: recording, wallOffset: offset).map { $0 + (results.renderAhead ?? 0) }.sorted()
        // Each command's cue: the first onset after it was sent, well before the next command.
        var missed = 0
        func latencies(_ sent: [Double]) -> [Double] {
            sent.compactMap { instant in
                guard let onset = onsets.first(where: { $0 > instant - 0.002 && $0 < instant + gap / 2 }) else {
                    missed += 1
                    return nil
                }
                return onset - instant
            }
        }
        results.mpris = latencies(mprisSent)
        results.socket = latencies(socketSent)
        results.missed = missed
        results.presses = presses
        return results
    }

    /// reliefd's PlaybackStatus, nil until it answers.
    static func playbackStatus(_ client: BusConnection) -> String? {
        let answer = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        client.property(destination: "org.mpris.MediaPlayer2.relief", path: "/org/mpris/MediaPlayer2",
                        interface: "org.mpris.MediaPlayer2.Player", name: "PlaybackStatus", timeout: 1) { result in
            answer.withLock { $0 = try? result.get().text }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 2)
        return answer.withLock { $0 }
    }
}
