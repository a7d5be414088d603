import CAlsa
import CReliefShim
import Glibc

/// How the device wants its samples; the mixer's float output is converted to this.
enum SampleFormat: Sendable, Equatable {
    case s16, s32, float32

    var alsa: snd_pcm_format_t {
        switch self {
        case .s16: SND_PCM_FORMAT_S16_LE
        case .s32: SND_PCM_FORMAT_S32_LE
        case .float32: SND_PCM_FORMAT_FLOAT_LE
        }
    }

    var bytes: Int { self == .s16 ? 2 : 4 }
}

/// What the stream asks of a device; `PCMDevice.open` settles for the nearest it offers.
package struct StreamRequest: Sendable {
    package var rate = 48_000
    package var channels = 2
    /// Period and buffer lengths to try, in µs, in order; nil lets the device choose.
    ///
    /// The buffer bounds how late a sound asked for "now" can start (`stop`'s cue is due
    /// 20 ms after the request, so 20 ms). Within it, the period sets the wakeups: each
    /// period costs the stream thread a wake and, through the ALSA pulse plugin, the libpulse
    /// mainloop thread two or three (the server's request, the write, timing). Two 10 ms
    /// periods halve the 5 ms periods' wakeups for the same buffer. A deeper buffer would need
    /// queued frames taken back on every control; the pulse plugin hands each write to the
    /// server at once, so through ALSA nothing queued there can be taken back.
    package var timings: [(period: UInt32, buffer: UInt32)?] = [(10_000, 20_000), (5_000, 20_000), (10_000, 40_000), (25_000, 100_000), nil]

    package init() {}
}

/// One open ALSA playback PCM in non-blocking mode, with the parameters it settled on.
///
/// Not thread-safe and not Sendable: only the stream's own thread creates, uses and closes
/// it. Every alsa-lib call goes through `alsa(_:_:)`.
final class PCMDevice {
    let name: String
    let rate: Int
    let channels: Int
    let format: SampleFormat
    let periodFrames: Int
    let bufferFrames: Int
    private var handle: OpaquePointer?
    private let status: OpaquePointer
    private var bytes: [UInt8]

    /// Opens `name` (with `config` as the whole ALSA configuration when given, else the
    /// system's) and negotiates format, rate, channels, period and buffer.
    init(name: String, config: String?, request: StreamRequest) throws(AlsaError) {
        relief_alsa_silence()
        self.name = name
        var pcm: OpaquePointer?
        // Non-blocking open: a busy hw device would otherwise block until it is free.
        if let config {
            let tree = try PCMDevice.loadConfig(config)
            defer { snd_config_delete(tree) }
            try alsa("snd_pcm_open") { snd_pcm_open_lconf(&pcm, name, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK, tree) }
        } else {
            try alsa("snd_pcm_open") { snd_pcm_open(&pcm, name, SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK) }
        }
        guard let pcm else { throw AlsaError(call: "snd_pcm_open", returned: -Int(ENODEV)) }
        var statusPointer: OpaquePointer?
        snd_pcm_status_malloc(&statusPointer)
        guard let statusPointer else {
            snd_pcm_close(pcm)
            throw AlsaError(call: "snd_pcm_status_malloc", returned: -Int(ENOMEM))
        }
        do throws(AlsaError) {
            let settled = try PCMDevice.configure(pcm, request: request)
            (rate, channels, format, periodFrames, bufferFrames) = settled
        } catch {
            snd_pcm_close(pcm)
            snd_pcm_status_free(statusPointer)
            throw error
        }
        handle = pcm
        status = statusPointer
        bytes = [UInt8](repeating: 0, count: bufferFrames * channels * format.bytes)
    }

    deinit {
        close()
        snd_pcm_status_free(status)
    }

    /// Stops at once (dropping what is queued) and releases the device.
    func close() {
        guard let handle else { return }
        snd_pcm_drop(handle)
        snd_pcm_close(handle)
        self.handle = nil
    }

    private var pcm: OpaquePointer {
        get throws(AlsaError) {
            guard let handle else { throw AlsaError(call: "snd_pcm_writei", returned: -Int(EBADFD)) }
            return handle
        }
    }

    /// Frames that can be written now without blocking.
    func available() throws(AlsaError) -> Int {
        let pcm = try pcm
        return try alsa("snd_pcm_avail_update") { snd_pcm_avail_update(pcm) }
    }

    /// Waits up to `milliseconds` for room to write; false on timeout.
    func waitForRoom(milliseconds: Int32) throws(AlsaError) -> Bool {
        let pcm = try pcm
        return try alsa("snd_pcm_wait") { snd_pcm_wait(pcm, milliseconds) } > 0
    }

    /// Whether the device is prepared but not yet started.
    var isPrepared: Bool {
        guard let handle else { return false }
        return snd_pcm_state(handle) == SND_PCM_STATE_PREPARED
    }

    /// Stops at once, dropping what is queued; the device stays open (`prepare` readies it
    /// again). Through the pulse and pipewire plugins the server stream stops asking for data.
    func drop() throws(AlsaError) {
        let pcm = try pcm
        try alsa("snd_pcm_drop") { snd_pcm_drop(pcm) }
    }

    /// Readies a dropped device for writing and `start`.
    func prepare() throws(AlsaError) {
        let pcm = try pcm
        try alsa("snd_pcm_prepare") { snd_pcm_prepare(pcm) }
    }

    /// Starts playback of what has been written.
    func start() throws(AlsaError) {
        let pcm = try pcm
        try alsa("snd_pcm_start") { snd_pcm_start(pcm) }
    }

    /// Converts `count` frames of interleaved stereo float samples to the device's format
    /// and channel count and writes them; returns the frames written (fewer when full).
    func write(_ block: [Float], count: Int) throws(AlsaError) -> Int {
        let pcm = try pcm
        encode(block, count: count)
        var done = 0
        while done < count {
            let offset = done * channels * format.bytes
            let written = bytes.withUnsafeBytes { raw in
                snd_pcm_writei(pcm, raw.baseAddress! + offset, snd_pcm_uframes_t(count - done))
            }
            if written == -Int(EAGAIN) {
                if try !waitForRoom(milliseconds: 100) { break }
                continue
            }
            if written == -Int(EINTR) { continue }
            try alsa("snd_pcm_writei") { written }
            done += written
        }
        return done
    }

    /// Where the stream is: the delay in frames between the next frame written and the one
    /// now reaching the device, and the monotonic instant that reading belongs to.
    ///
    /// Uses the status's high-resolution timestamp (MONOTONIC, set up in `configure`) when
    /// the device fills it in plausibly; otherwise the midpoint of the call.
    func position() throws(AlsaError) -> (delay: Int, time: Double) {
        let pcm = try pcm
        let before = MonotonicClock.now()
        try alsa("snd_pcm_status") { snd_pcm_status(pcm, status) }
        let after = MonotonicClock.now()
        var stamp = timespec()
        snd_pcm_status_get_htstamp(status, &stamp)
        let stamped = Double(stamp.tv_sec) + Double(stamp.tv_nsec) / 1e9
        let time = abs(stamped - after) < 0.05 ? stamped : (before + after) / 2
        return (Int(snd_pcm_status_get_delay(status)), time)
    }

    /// Brings the device back after an underrun (EPIPE) or a suspend (ESTRPIPE); the caller
    /// then prefills and starts again. Other errors are rethrown.
    func recover(from error: AlsaError) throws(AlsaError) {
        let pcm = try pcm
        switch error.code {
        case EPIPE:
            try prepare()
        case ESTRPIPE:
            // The system woke up: resume if the driver can, else prepare afresh. Bounded, so
            // a device that never comes back turns into an ordinary failure.
            var result = snd_pcm_resume(pcm)
            var tries = 0
            while result == -EAGAIN && tries < 20 {
                usleep(10_000)
                result = snd_pcm_resume(pcm)
                tries += 1
            }
            if result < 0 { try prepare() }
        default:
            throw error
        }
    }

    private func encode(_ block: [Float], count: Int) {
        let needed = count * channels * format.bytes
        if bytes.count < needed { bytes = [UInt8](repeating: 0, count: needed) }
        let channels = channels
        let format = format
        bytes.withUnsafeMutableBytes { raw in
            for frame in 0..<count {
                let left = block[2 * frame], right = block[2 * frame + 1]
                for channel in 0..<channels {
                    // Mono devices get the average; channels beyond the front pair stay silent.
                    let value: Float = channels == 1 ? (left + right) / 2 : channel == 0 ? left : channel == 1 ? right : 0
                    let at = (frame * channels + channel) * format.bytes
                    switch format {
                    case .s16:
                        raw.storeBytes(of: Int16(max(-32768, min(32767, (value * 32768).rounded()))).littleEndian,
                                       toByteOffset: at, as: Int16.self)
                    case .s32:
                        let scaled = Double(value) * 2_147_483_648
                        raw.storeBytes(of: Int32(max(-2_147_483_648, min(2_147_483_647, scaled.rounded()))).littleEndian,
                                       toByteOffset: at, as: Int32.self)
                    case .float32:
                        raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: at, as: UInt32.self)
                    }
                }
            }
        }
    }

    private static func loadConfig(_ text: String) throws(AlsaError) -> OpaquePointer {
        var tree: OpaquePointer?
        try alsa("snd_config_top") { snd_config_top(&tree) }
        var input: OpaquePointer?
        let utf8 = Array(text.utf8)
        let opened = utf8.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { snd_input_buffer_open(&input, $0.baseAddress, $0.count) }
        }
        do throws(AlsaError) {
            try alsa("snd_input_buffer_open") { opened }
            defer { snd_input_close(input) }
            try alsa("snd_config_load") { snd_config_load(tree, input) }
        } catch {
            snd_config_delete(tree)
            throw error
        }
        return tree!
    }

    private static func configure(_ pcm: OpaquePointer, request: StreamRequest) throws(AlsaError)
        -> (Int, Int, SampleFormat, Int, Int)
    {
        var hw: OpaquePointer?
        snd_pcm_hw_params_malloc(&hw)
        defer { snd_pcm_hw_params_free(hw) }
        var lastError = AlsaError(call: "snd_pcm_hw_params", returned: -Int(EINVAL))
        for timing in request.timings {
            do throws(AlsaError) {
                try alsa("snd_pcm_hw_params_any") { snd_pcm_hw_params_any(pcm, hw) }
                try alsa("snd_pcm_hw_params_set_access") {
                    snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)
                }
                _ = snd_pcm_hw_params_set_rate_resample(pcm, hw, 1)
                guard let format = [SampleFormat.s16, .s32, .float32].first(where: {
                    snd_pcm_hw_params_test_format(pcm, hw, $0.alsa) == 0
                }) else { throw AlsaError(call: "snd_pcm_hw_params_set_format", returned: -Int(EINVAL)) }
                try alsa("snd_pcm_hw_params_set_format") { snd_pcm_hw_params_set_format(pcm, hw, format.alsa) }
                var channels = UInt32(request.channels)
                try alsa("snd_pcm_hw_params_set_channels_near") { snd_pcm_hw_params_set_channels_near(pcm, hw, &channels) }
                var rate = UInt32(request.rate)
                var direction: Int32 = 0
                try alsa("snd_pcm_hw_params_set_rate_near") { snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, &direction) }
                if let timing {
                    var buffer = timing.buffer, period = timing.period
                    try alsa("snd_pcm_hw_params_set_buffer_time_near") {
                        snd_pcm_hw_params_set_buffer_time_near(pcm, hw, &buffer, &direction)
                    }
                    try alsa("snd_pcm_hw_params_set_period_time_near") {
                        snd_pcm_hw_params_set_period_time_near(pcm, hw, &period, &direction)
                    }
                }
                try alsa("snd_pcm_hw_params") { snd_pcm_hw_params(pcm, hw) }
                var periodFrames: snd_pcm_uframes_t = 0, bufferFrames: snd_pcm_uframes_t = 0
                snd_pcm_hw_params_get_period_size(hw, &periodFrames, &direction)
                snd_pcm_hw_params_get_buffer_size(hw, &bufferFrames)
                try configureSoftware(pcm)
                return (Int(rate), Int(channels), format, max(1, Int(periodFrames)), max(Int(periodFrames), Int(bufferFrames)))
            } catch {
                lastError = error
                // Wrong parameters give EINVAL; anything else (ENODEV, EIO…) will not improve.
                if error.code != EINVAL { throw error }
            }
        }
        throw lastError
    }

    /// Starts only when told (the stream prefills first), wakes per period, and stamps
    /// status readings with CLOCK_MONOTONIC so they compare with timeline instants.
    private static func configureSoftware(_ pcm: OpaquePointer) throws(AlsaError) {
        var sw: OpaquePointer?
        snd_pcm_sw_params_malloc(&sw)
        defer { snd_pcm_sw_params_free(sw) }
        try alsa("snd_pcm_sw_params_current") { snd_pcm_sw_params_current(pcm, sw) }
        var boundary: snd_pcm_uframes_t = 0
        snd_pcm_sw_params_get_boundary(sw, &boundary)
        try alsa("snd_pcm_sw_params_set_start_threshold") { snd_pcm_sw_params_set_start_threshold(pcm, sw, boundary) }
        // Timestamps are a refinement; a plugin that refuses them still plays.
        _ = snd_pcm_sw_params_set_tstamp_mode(pcm, sw, SND_PCM_TSTAMP_ENABLE)
        _ = snd_pcm_sw_params_set_tstamp_type(pcm, sw, SND_PCM_TSTAMP_TYPE_MONOTONIC)
        try alsa("snd_pcm_sw_params") { snd_pcm_sw_params(pcm, sw) }
    }
}
