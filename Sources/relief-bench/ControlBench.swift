import Glibc
import ReliefMeasure
import ReliefSystem

/// What the control measurements gave.
struct ControlResults {
    /// Whole-process seconds of `relief-ctl status`, one per run.
    var reliefCtlStatus: [Double] = []
    /// Whole-process seconds of `mpc status` against the bench's mpd, one per run.
    var mpcStatus: [Double] = []
    var mpdProblem: String?
    /// Synchronous `ping` round trips per second on one connection.
    var pingsPerSecond = 0.0
    /// Launch → READY=1 (nil entries: no READY within the bound), seconds.
    var ready: [Double?] = []
    /// Launch → first answered ping, seconds.
    var firstPing: [Double] = []
    /// mpd launch → greeting on its socket, seconds.
    var mpdReady: [Double] = []
    /// Whole-process seconds of `/bin/true`: the cost of spawning anything here.
    var spawnFloor: [Double] = []
}

enum ControlBench {
    static func run(bench: Bench, runs: Int = 60) throws -> ControlResults {
        var results = ControlResults()
        let home = bench.directory("control")
        let environment = bench.environment(home: home)
        let daemon = try DaemonUnderTest(bench: bench, home: home, arguments: [], environment: environment)
        defer { daemon.stop() }
        guard daemon.waitUntilServing() != nil else { throw BenchError("reliefd did not start: \(readText("\(home)/reliefd.log") ?? "")") }

        for _ in 0..<runs { results.spawnFloor.append(try TimedRun.run(["/bin/true"], environment: environment).seconds) }

        // Round trips on one connection for 2 s.
        if let connection = LineConnection(path: daemon.socketPath) {
            let started = monotonicNow()
            var answered = 0
            while monotonicNow() - started < 2, connection.request(#"{"cmd":"ping"}"#) != nil { answered += 1 }
            results.pingsPerSecond = Double(answered) / (monotonicNow() - started)
        }

        // relief-ctl status and mpc status side by side: both daemons run, the two commands
        // alternate, so whatever else loads the machine weighs on both alike.
        let status = [bench.reliefCtl, "--socket", daemon.socketPath, "status"]
        var mpd: MusicDaemon?
        do {
            mpd = try MusicDaemon(bench: bench)
        } catch {
            results.mpdProblem = "\(error)"
        }
        let mpc = mpd.map { ["mpc", "--host", $0.socketPath, "status"] }
        for _ in 0..<5 {  // page cache, not the figure
            _ = try TimedRun.run(status, environment: environment)
            if let mpd, let mpc { _ = try TimedRun.run(mpc, environment: mpd.environment) }
        }
        for _ in 0..<runs {
            let run = try TimedRun.run(status, environment: environment)
            guard run.status == 0 else { throw BenchError("relief-ctl status exited \(run.status)") }
            results.reliefCtlStatus.append(run.seconds)
            if let mpd, let mpc {
                let peer = try TimedRun.run(mpc, environment: mpd.environment)
                guard peer.status == 0 else { throw BenchError("mpc status exited \(peer.status)") }
                results.mpcStatus.append(peer.seconds)
            }
        }
        mpd?.stop()
        daemon.stop()
        if mpd != nil {
            for _ in 0..<10 {
                guard let again = try? MusicDaemon(bench: bench) else { break }
                if let ready = again.readyAfter { results.mpdReady.append(ready) }
                again.stop()
            }
        }

        for attempt in 0..<20 {
            let (ready, ping) = try launchToReady(bench: bench, attempt: attempt)
            results.ready.append(ready)
            if let ping { results.firstPing.append(ping) }
        }
        return results
    }

    /// Launches reliefd with `NOTIFY_SOCKET` on a datagram socket the bench bound itself and
    /// times launch → `READY=1` and launch → first answered ping.
    static func launchToReady(bench: Bench, attempt: Int) throws -> (ready: Double?, ping: Double?) {
        let home = bench.directory("ready-\(attempt)")
        let notifyPath = "\(home)/notify.sock"
        let notify = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard notify >= 0 else { throw BenchError("cannot create a datagram socket") }
        defer { close(notify) }
        _ = fcntl(notify, F_SETFD, FD_CLOEXEC)
        guard bindUnix(notify, path: notifyPath) else { throw BenchError("cannot bind \(notifyPath)") }

        let daemon = try DaemonUnderTest(bench: bench, home: home, arguments: [],
                                         environment: bench.environment(home: home, extra: ["NOTIFY_SOCKET": notifyPath]))
        defer { daemon.stop() }
        var ready: Double?
        var ping: Double?
        let deadline = daemon.launchedAt + 5
        while monotonicNow() < deadline && (ready == nil || ping == nil) {
            if ready == nil {
                var fds = [pollfd(fd: notify, events: Int16(POLLIN), revents: 0)]
                if poll(&fds, 1, ping == nil ? 0 : 1) > 0 {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    let n = buffer.withUnsafeMutableBytes { recv(notify, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                    if n > 0, String(decoding: buffer[0..<n], as: UTF8.self).split(separator: "\n").contains("READY=1") {
                        ready = monotonicNow() - daemon.launchedAt
                    }
                }
                // A daemon that does not send READY: give up 1 s after it answered.
                if let ping, monotonicNow() - daemon.launchedAt > ping + 1 { break }
            }
            if ping == nil {
                if let connection = LineConnection(path: daemon.socketPath, receiveTimeout: 2),
                   connection.request(#"{"cmd":"ping"}"#)?.contains("\"ok\":true") == true {
                    ping = monotonicNow() - daemon.launchedAt
                } else {
                    usleep(200)
                }
                if !daemon.process.isRunning { break }
            }
        }
        return (ready, ping)
    }
}

/// Binds `fd` to a Unix socket path.
func bindUnix(_ fd: Int32, path: String) -> Bool {
    withUnixAddress(path) { bind(fd, $0, $1) == 0 } ?? false
}

/// An mpd the bench starts itself (null audio output, private socket and files): the peer
/// SPEC compares the client and the daemon with.
final class MusicDaemon {
    let socketPath: String
    let environment: [String: String]
    let process: ChildProcess
    /// Launch → the `OK MPD` greeting on its socket, seconds; nil when it did not come in 10 s.
    private(set) var readyAfter: Double?

    var pid: pid_t { process.pid }

    init(bench: Bench) throws {
        guard isInstalled("mpd"), isInstalled("mpc") else { throw BenchError("mpd or mpc is not installed (apt-get install mpd mpc)") }
        guard let home = bench.uniqueDirectory("mpd") else { throw BenchError("no temporary directory for mpd") }
        for sub in ["music", "playlists"] { mkdir("\(home)/\(sub)", 0o700) }
        socketPath = "\(home)/mpd.sock"
        writeText("\(home)/mpd.conf", """
            music_directory "\(home)/music"
            playlist_directory "\(home)/playlists"
            db_file "\(home)/database"
            state_file "\(home)/state"
            bind_to_address "\(socketPath)"
            audio_output {
                type "null"
                name "bench null output"
            }

            """)
        environment = bench.environment(home: home)
        let launched = monotonicNow()
        process = try ChildProcess(["mpd", "--no-daemon", "\(home)/mpd.conf"], environment: environment, errorLog: "\(home)/mpd.log")
        let deadline = launched + 10
        while monotonicNow() < deadline {
            if let connection = LineConnection(path: socketPath, receiveTimeout: 2), connection.readLine()?.hasPrefix("OK MPD") == true {
                readyAfter = monotonicNow() - launched
                return
            }
            if !process.isRunning { break }
            usleep(200)
        }
        process.stop(within: 2)
        throw BenchError("mpd did not greet on \(socketPath) within 10 s: \(readText("\(home)/mpd.log") ?? "")")
    }

    func stop() { process.stop(within: 3) }
}
