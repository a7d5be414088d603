import Glibc
import ReliefMeasure

/// The sound servers the stream is measured on, each as a private server with a null sink.
enum SoundServer: String, CaseIterable {
    case pulse, pipewire

    var title: String { self == .pulse ? "PulseAudio" : "PipeWire" }
}

/// One private sound server with a null sink, as reliefd and the recorder see it.
final class BenchSink {
    let server: SoundServer
    private let pulse: PulseNullSink?
    private let pipewire: PipeWireNullSink?
    private let overlay: String?

    /// Starts the server. PipeWire is reached through the ALSA `pipewire` plugin from
    /// `pluginDirectory` (system-wide when installed, else the unpacked `pipewire-alsa`
    /// package: installing it would replace PulseAudio's ALSA routing on Debian 12).
    init(_ server: SoundServer, bench: Bench, home: String) throws {
        self.server = server
        switch server {
        case .pulse:
            pulse = try PulseNullSink()
            pipewire = nil
            overlay = nil
        case .pipewire:
            guard PipeWireNullSink.isAvailable else {
                throw BenchError("pipewire, wireplumber, pw-cli or pw-record is missing (apt-get install pipewire pipewire-bin wireplumber)")
            }
            guard let plugins = bench.pipewireALSADirectory else {
                throw BenchError("the ALSA pipewire plugin (libasound_module_pcm_pipewire.so) was not found: make bench unpacks "
                                 + "pipewire-alsa into .build/pipewire-alsa (apt-get download pipewire-alsa; dpkg-deb -x)")
            }
            let sink = try PipeWireNullSink()
            pulse = nil
            pipewire = sink
            let path = "\(home)/alsa-pipewire.conf"
            writeText(path, sink.alsaConfig(pcm: "pipewire", pluginDirectory: plugins))
            overlay = path
        }
    }

    /// The `--device` reliefd plays to.
    var device: String { server.rawValue }

    /// What reliefd's environment needs to reach this server.
    var daemonEnvironment: [String: String] {
        if let pulse { return ["PULSE_SERVER": pulse.server] }
        var env = pipewire!.environment()
        for key in ["HOME", "PATH", "XDG_CONFIG_HOME", "XDG_STATE_HOME"] { env[key] = nil }  // the bench's own
        env["ALSA_CONFIG_PATH"] = "/usr/share/alsa/alsa.conf:\(overlay!)"
        return env
    }

    func record() throws -> PulseRecorder {
        if let pulse { return try pulse.record() }
        return try pipewire!.record()
    }

    /// How far ahead of its reported play time the sink renders (see `CueTiming.renderAhead`).
    /// PipeWire: 0, the recorder's anchor is already the play time. The null sink (the
    /// graph's driver) plays the quantum it takes in the cycle starting at T from T on (its
    /// clock, and the latency of 0 its ports report, which the ALSA plugin's delay follows);
    /// its monitor hands that quantum to `pw-record` at the next cycle, T + quantum, when its
    /// last frame has played — what `SinkClock` assumes of every read (see
    /// `PipeWireNullSink.record`).
    func renderAhead(home: String) -> Double? {
        if let pulse { return CueTiming.renderAhead(sink: pulse, home: home) }
        return 0
    }

    func stop() {
        pulse?.stop()
        pipewire?.stop()
    }
}

extension Bench {
    /// The directory holding `libasound_module_pcm_pipewire.so`, if any.
    var pipewireALSADirectory: String? { PipeWireNullSink.pluginDirectory(unpackedAt: pipewireALSARoot) }
}
