import Glibc

/// A private PulseAudio server with one null sink (`null`, 48 kHz stereo), in a temporary
/// directory, for real-time audio tests and benchmarks without a sound card.
///
/// Runs as any user (root included) without D-Bus or systemd; everything it writes stays
/// in its directory, and `stop()` ends it by PID within a bounded time.
public final class PulseNullSink: @unchecked Sendable {  // fields are immutable after init
    /// The temporary directory holding the server's socket, state and logs.
    public let directory: String
    /// The server's native-protocol socket.
    public let socketPath: String
    private let process: ChildProcess

    /// The address clients use (`PULSE_SERVER`, `parec -s`, the ALSA pulse plugin).
    public var server: String { "unix:\(socketPath)" }

    /// Why the server could not be started.
    public struct StartError: Error, CustomStringConvertible {
        /// What failed, with the server's log when there is one.
        public var description: String
    }

    /// Whether `pulseaudio` and `parec` are installed (tests skip only when they are not).
    public static var isAvailable: Bool { isInstalled("pulseaudio") && isInstalled("parec") }

    /// The environment that keeps a Pulse process (server or client) inside `directory`.
    public func environment(extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "HOME": directory, "XDG_RUNTIME_DIR": directory, "XDG_CONFIG_HOME": "\(directory)/config",
            "PULSE_RUNTIME_PATH": "\(directory)/runtime", "PULSE_STATE_PATH": "\(directory)/state",
            "PULSE_SERVER": server, "PATH": searchPath,
        ]
        for (key, value) in extra { env[key] = value }
        return env
    }

    private let ownsDirectory: Bool

    /// Starts the server and waits (at most `timeout` seconds) until it accepts clients.
    /// With `directory` (that of a server that was killed), the new server takes over the
    /// same socket, as a restarted sound server would; the first owner removes it. `modules`
    /// are loaded too (`"module-null-source source_name=mic"`: a microphone).
    public init(directory existing: String? = nil, timeout: Double = 10, modules: [String] = []) throws {
        guard let directory = existing ?? makeTemporaryDirectory(prefix: "relief-pulse") else {
            throw StartError(description: "cannot create a temporary directory")
        }
        self.directory = directory
        ownsDirectory = existing == nil
        if existing != nil { unlink("\(directory)/native") }
        socketPath = "\(directory)/native"
        for sub in ["runtime", "state", "config"] { mkdir("\(directory)/\(sub)", 0o700) }
        let env = [
            "HOME": directory, "XDG_RUNTIME_DIR": directory, "XDG_CONFIG_HOME": "\(directory)/config",
            "PULSE_RUNTIME_PATH": "\(directory)/runtime", "PULSE_STATE_PATH": "\(directory)/state",
            "PATH": searchPath,
        ]
        let log = "\(directory)/pulseaudio.log"
        process = try startServer([
            "pulseaudio", "--daemonize=no", "-n", "--use-pid-file=no", "--exit-idle-time=-1",
            "--realtime=yes", "--high-priority=yes", "--disallow-module-loading=no", "--log-target=stderr",
            "--load=module-native-protocol-unix auth-anonymous=1 socket=\(directory)/native",
            "--load=module-null-sink sink_name=null rate=48000 channels=2",
        ] + modules.map { "--load=\($0)" }, environment: env, socketPath: socketPath, log: log,
                                  timeout: timeout, interval: 0.01, cleanUp: { if existing == nil { removeTree(directory) } },
                                  failure: { StartError(description: $0) })
    }

    deinit { stop() }

    /// The PID of the server (to kill it mid-session in fault tests).
    public var pid: pid_t { process.pid }

    /// An ALSA configuration (the whole tree) defining PCM `name` as this server's default
    /// sink, for `CueStream`'s private configuration.
    public func alsaConfig(pcm name: String) -> String {
        "pcm.\(name) { type pulse server \"\(server)\" }\n"
    }

    /// An ALSA configuration overlay (for `ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:FILE`)
    /// defining PCM `name` on this server, for processes such as reliefd.
    public func alsaOverlay(pcm name: String) -> String {
        "pcm.\(name) { type pulse server \"\(server)\" }\nctl.\(name) { type pulse server \"\(server)\" }\n"
    }

    /// Kills the server at once (SIGKILL), as a crash would.
    public func kill() { process.kill() }

    /// Stops the server (SIGTERM, then SIGKILL after 2 s) and removes its directory when
    /// it created it.
    public func stop() {
        process.stop(within: 2)
        if ownsDirectory { removeTree(directory) }
    }

    /// Starts recording the null sink's monitor (what is played, as played).
    public func record() throws -> PulseRecorder {
        try PulseRecorder(server: self)
    }
}

/// This process's PATH, for children that must find the same tools.
private var searchPath: String { getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin" }
