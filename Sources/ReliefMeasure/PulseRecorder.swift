import Dispatch
import Glibc
import Synchronization

/// What a recorder captured: interleaved 16-bit stereo at `rate`, and the monotonic
/// instant its first frame was played into the sink.
public struct Recording: Sendable {
    /// Frames per second.
    public var rate: Int
    /// Channels per frame.
    public var channels: Int
    /// Interleaved samples.
    public var samples: [Int16]
    /// CLOCK_MONOTONIC seconds at which frame 0 was rendered by the sink; estimated from
    /// the arrival times of the recorder's reads (the earliest-arriving read bounds it).
    public var timebase: Double
    /// Every read: the monotonic instant it arrived and the frames received up to its end.
    /// Lets a long measurement fit the sink's actual rate instead of assuming `rate`.
    public var reads: [(arrival: Double, frames: Int)] = []

    public init(rate: Int, channels: Int, samples: [Int16], timebase: Double, reads: [(arrival: Double, frames: Int)] = []) {
        (self.rate, self.channels, self.samples, self.timebase, self.reads) = (rate, channels, samples, timebase, reads)
    }

    /// The monotonic instant of `frame`.
    public func time(ofFrame frame: Int) -> Double { timebase + Double(frame) / Double(rate) }
}

/// Records a null sink's monitor (`parec` at 5 ms latency, or `pw-record`) through a pipe, noting
/// when each read arrives so frames can be placed on the monotonic clock.
public final class PulseRecorder: @unchecked Sendable {  // mutable state sits behind `state`
    private let process: ChildProcess
    private let readEnd: Int32
    private let state = Mutex(Captured())
    private let finished = DispatchSemaphore(value: 0)
    private let rate = 48_000

    private struct Captured {
        var bytes: [UInt8] = []
        var timebase = Double.infinity
        var reads: [(arrival: Double, frames: Int)] = []
    }

    convenience init(server: PulseNullSink) throws {
        try self.init(command: [
            "parec", "-s", server.server, "-d", "null.monitor", "--raw", "--format=s16le",
            "--rate=48000", "--channels=2", "--latency-msec=5",
        ], environment: server.environment(), errorLog: "\(server.directory)/parec.log")
    }

    /// Records what `command` writes to its stdout: raw interleaved s16le stereo at 48 kHz
    /// (`parec --raw`, `pw-record ... -`).
    init(command: [String], environment: [String: String], errorLog: String) throws {
        // The test process runs many suites at once, and something in it (not found yet: the
        // suspects are alsa-lib/libpulse while a test kills the sound server) has closed a
        // descriptor it no longer owned, our pipe's write end, between pipe() and the spawn:
        // posix_spawn then fails with EBADF. A fresh pipe is the only way on; the old ends are
        // left alone (closing a number that may now be someone else's would repeat that bug).
        var attempt = 0
        while true {
            attempt += 1
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw ChildProcess.SpawnError(description: "pipe failed") }
            // Close-on-exec on both ends: children other threads spawn meanwhile must not hold the
            // write end open (the reader would never see end of file). The dup2 onto parec's
            // stdout clears the flag there.
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            do {
                process = try ChildProcess(command, environment: environment, output: .descriptor(fds[1]),
                                           errorLog: errorLog, close: [fds[0]])
            } catch let error as ChildProcess.SpawnError where error.code == EBADF && attempt < 3 {
                continue
            } catch {
                close(fds[0])
                close(fds[1])
                throw error
            }
            readEnd = fds[0]
            close(fds[1])
            // 1 MiB of pipe (F_SETPIPE_SZ; Glibc hides the name): pw-record writes from its
            // real-time callback, and a full 64 KiB pipe while this reader waits for a CPU
            // made PipeWire drop whole cycles of the recording on a loaded machine.
            _ = fcntl(readEnd, 1031, Int32(1 << 20))
            break
        }
        let reader = Thread { [self] in readLoop() }
        reader.start()
    }

    private func readLoop() {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var total = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            let arrival = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
            total += n
            let framesSoFar = Double(total / 4)
            state.withLock { captured in
                captured.bytes += chunk[0..<n]
                // The newest frame cannot have been rendered after it arrived here.
                captured.timebase = min(captured.timebase, arrival - framesSoFar / Double(rate))
                captured.reads.append((arrival, total / 4))
            }
        }
        close(readEnd)
        finished.signal()
    }

    /// Frames captured so far.
    public var frameCount: Int { state.withLock { $0.bytes.count / 4 } }

    /// Waits (at most `timeout` seconds) until audio flows: an idle null sink starts in
    /// large blocks, so start the recorder first and wait for this before playing.
    public func waitForData(frames: Int = 4_800, timeout: Double = 5) -> Bool {
        var waited = 0.0
        while frameCount < frames {
            if waited >= timeout { return false }
            usleep(5_000)
            waited += 0.005
        }
        return true
    }

    /// Stops `parec` and returns the recording.
    public func stop() -> Recording {
        process.stop(within: 2)
        _ = finished.wait(timeout: .now() + 5)
        let captured = state.withLock { $0 }
        let samples = captured.bytes.withUnsafeBytes { raw in
            Array(raw.bindMemory(to: Int16.self).prefix(captured.bytes.count / 2)).map { Int16(littleEndian: $0) }
        }
        return Recording(rate: rate, channels: 2, samples: samples, timebase: captured.timebase, reads: captured.reads)
    }
}

/// A tiny detached thread for the recorder's blocking reads.
private final class Thread: @unchecked Sendable {
    private let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }

    func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        if pthread_create(&thread, nil, { argument in
            let me = Unmanaged<Thread>.fromOpaque(argument!).takeRetainedValue()
            me.body()
            return nil
        }, box) == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Thread>.fromOpaque(box).release()
        }
    }
}
