import Glibc

/// A private PipeWire server with WirePlumber (on a private session bus) and one null sink
/// (`support.null-audio-sink`, 48 kHz stereo), in a temporary directory: the PipeWire
/// counterpart of `PulseNullSink`, for benchmarks.
///
/// Nothing is installed or replaced system-wide: clients find the server through
/// `PIPEWIRE_RUNTIME_DIR`, and reliefd reaches it through the ALSA `pipewire` PCM, loaded
/// from wherever the plugin lies (`alsaConfig`). Every process is stopped by PID, bounded.
public final class PipeWireNullSink: @unchecked Sendable {  // fields are immutable after init
    /// The temporary directory holding the server's socket and logs.
    public let directory: String
    /// The null sink's node name (`pw-record --target`, the ALSA plugin's `node`).
    public static let sinkName = "relief-bench-sink"
    private let bus: PrivateBus
    private var processes: [ChildProcess] = []

    /// Why the server could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether the server, the session manager and the tools are installed.
    public static var isAvailable: Bool {
        ["pipewire", "wireplumber", "pw-cli", "pw-record", "stdbuf", "dbus-daemon"].allSatisfy(isInstalled)
    }

    /// The environment of a process that talks to this server (and only to it).
    public func environment(extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "HOME": directory, "XDG_RUNTIME_DIR": directory, "PIPEWIRE_RUNTIME_DIR": directory,
            "XDG_CONFIG_HOME": "\(directory)/config", "XDG_STATE_HOME": "\(directory)/state",
            "DBUS_SESSION_BUS_ADDRESS": bus.address, "PATH": searchPath,
        ]
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Starts dbus-daemon, pipewire and wireplumber, creates the null sink and waits (at most
    /// `timeout` seconds) until the session manager has made it the default sink.
    public init(timeout: Double = 15) throws {
        guard let directory = makeTemporaryDirectory(prefix: "relief-pipewire") else {
            throw StartError(description: "cannot create a temporary directory")
        }
        self.directory = directory
        for sub in ["config", "state"] { mkdir("\(directory)/\(sub)", 0o700) }
        do {
            bus = try PrivateBus()
        } catch {
            removeTree(directory)
            throw StartError(description: "\(error)")
        }
        do {
            try start(timeout: timeout)
        } catch {
            stop()
            throw error
        }
    }

    private func start(timeout: Double) throws {
        let env = environment()
        processes.append(try ChildProcess(["pipewire"], environment: env, errorLog: "\(directory)/pipewire.log"))
        guard waitUntil(timeout, { access("\(directory)/pipewire-0", F_OK) == 0 }) else {
            throw StartError(description: "pipewire did not start within \(timeout) s: \(tail("pipewire.log"))")
        }
        processes.append(try ChildProcess(["wireplumber"], environment: env, errorLog: "\(directory)/wireplumber.log"))
        // The node outlives pw-cli (object.linger); node.name must not be `null` (JSON null).
        let create = try ChildProcess([
            "pw-cli", "create-node", "adapter",
            "{ factory.name=support.null-audio-sink node.name=\(Self.sinkName) node.description=\(Self.sinkName) "
                + "media.class=Audio/Sink object.linger=true audio.position=[FL FR] audio.rate=48000 }",
        ], environment: env, output: .file("\(directory)/pw-cli.log"), errorLog: "\(directory)/pw-cli.log")
        guard create.waitForExit(timeout: timeout), create.ending == "exit 0" else {
            create.stop(within: 1)
            throw StartError(description: "pw-cli create-node failed: \(tail("pw-cli.log")) \(tail("pipewire.log"))")
        }
        // WirePlumber picks the default sink; a stream can be routed once it has.
        guard waitUntil(timeout, { defaultSinkIsSet(env) }) else {
            throw StartError(description: "wireplumber did not choose the null sink within \(timeout) s: \(tail("wireplumber.log"))")
        }
    }

    private func defaultSinkIsSet(_ env: [String: String]) -> Bool {
        let output = "\(directory)/pw-metadata.txt"
        unlink(output)
        guard let probe = try? ChildProcess(["pw-metadata", "0", "default.audio.sink"], environment: env, output: .file(output)),
              probe.waitForExit(timeout: 3) else { return false }
        let bytes = (try? SafeFile.read(output, limit: 1 << 20, what: "pw-metadata output")) ?? []
        return String(decoding: bytes, as: UTF8.self).contains(Self.sinkName)
    }

    deinit { stop() }

    /// The directory holding the ALSA pipewire plugin (`libasound_module_pcm_pipewire.so`):
    /// the system's when pipewire-alsa is installed, else the package unpacked under `root`
    /// (`make bench` unpacks it into .build/pipewire-alsa); nil when neither has it.
    public static func pluginDirectory(unpackedAt root: String = ".build/pipewire-alsa") -> String? {
        let candidates = ["/usr/lib/x86_64-linux-gnu/alsa-lib", "/usr/lib/aarch64-linux-gnu/alsa-lib",
                          "\(root)/usr/lib/x86_64-linux-gnu/alsa-lib", "\(root)/usr/lib/aarch64-linux-gnu/alsa-lib"]
        guard let found = candidates.first(where: { access("\($0)/libasound_module_pcm_pipewire.so", R_OK) == 0 }) else { return nil }
        // Absolute: alsa-lib reads a relative `lib` as relative to its own plugin directory.
        guard let resolved = realpath(found, nil) else { return found }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// An ALSA configuration defining PCM `name` on this server's null sink through the
    /// pipewire plugin in `pluginDirectory`, whatever the process's environment: the whole
    /// tree for `CueStream`'s private configuration, or an overlay for
    /// `ALSA_CONFIG_PATH=/usr/share/alsa/alsa.conf:FILE`.
    public func alsaConfig(pcm name: String, pluginDirectory: String) -> String {
        """
        pcm_type.pipewire { lib "\(pluginDirectory)/libasound_module_pcm_pipewire.so" }
        pcm.\(name) { type pipewire server "\(directory)/pipewire-0" playback_node "\(Self.sinkName)" }

        """
    }

    /// Starts recording the null sink's monitor (what is played, as played) with
    /// `pw-record` at a 10 ms (480-frame) node latency; PipeWire 0.3 rounds the graph's
    /// quantum down to a power of two, 256 frames.
    ///
    /// Each read's arrival anchors the recording on the clock (`PulseRecorder`, `SinkClock`:
    /// a read arrives no earlier than its last frame was played), which holds tightly here:
    /// the sink plays the quantum it takes in the cycle starting at T over [T, T + quantum),
    /// and its monitor hands that quantum to readers at the start of the next cycle, T +
    /// quantum. But `pw-record -` writes through stdio, fully buffered on a pipe: 4 KiB
    /// blocks (1024 frames), each written by the fwrite after the one that filled it, so
    /// every read arrived one cycle after its last frame played and every onset was placed a
    /// quantum late (5.3 ms at 256 frames). `stdbuf -o0` makes each cycle's fwrite one write.
    public func record() throws -> PulseRecorder {
        try PulseRecorder(command: [
            "stdbuf", "-o0", "pw-record", "--target", Self.sinkName, "--rate", "48000", "--channels", "2", "--format", "s16",
            "--latency", "480", "-",
        ], environment: environment(), errorLog: "\(directory)/pw-record.log")
    }

    /// Stops wireplumber, pipewire and the bus (SIGTERM, then SIGKILL after 2 s) and removes
    /// the directory.
    public func stop() {
        for process in processes.reversed() { process.stop(within: 2) }
        processes.removeAll()
        bus.stop()
        removeTree(directory)
    }

    private func tail(_ log: String) -> String {
        let bytes = (try? SafeFile.read("\(directory)/\(log)", limit: 1 << 20, what: "a server log")) ?? []
        return String(String(decoding: bytes, as: UTF8.self).suffix(600))
    }

    private func waitUntil(_ timeout: Double, _ condition: () -> Bool) -> Bool {
        var waited = 0.0
        while !condition() {
            if waited >= timeout { return false }
            usleep(20_000)
            waited += 0.02
        }
        return true
    }
}

private var searchPath: String { getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin" }
