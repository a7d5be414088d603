import CPulse
import Dispatch
import Logging
import Synchronization

/// Watches the sound server (PulseAudio, or PipeWire's pulse server) for a microphone in
/// use, through libpulse's introspection API on a threaded mainloop: its own thread, never
/// the scheduler's. It subscribes to source and recording-stream changes and reports each
/// change of "in a call"; `inCall(timeout:)` asks afresh, bounded in time.
///
/// No server: the check is off, logged once, and a connection is tried again now and then
/// (the server may start after reliefd, or restart), one attempt at a time.
public final class PulseCallMonitor: @unchecked Sendable {  // pa_* state only under the mainloop lock
    private let mainloop: OpaquePointer
    private var context: OpaquePointer?
    private let logger: Logger
    /// The server address, or nil for libpulse's default.
    private let server: String?
    private let shared = Mutex(Shared())
    private var retryDelay = 2.0
    /// A fresh attempt is scheduled. libpulse reports one failed connect twice (the state
    /// callback inside `pa_context_connect`, then its return value); each report used to
    /// schedule an attempt, so the attempts doubled every round: an idle reliefd without a
    /// sound server was found after 1 h 45 min at full CPU and 14 GiB.
    private var retryPending = false
    /// Runs the retry after the delay in seconds (tests run it when they choose).
    private let retryAfter: @Sendable (Double, @escaping @Sendable () -> Void) -> Void

    private struct Shared {
        var connected = false
        var inCall = false
        var onChange: (@Sendable (Bool) -> Void)?
        var stopped = false
        var announcedMissing = false
    }

    /// A monitor of `server` (nil: the default, `PULSE_SERVER` else the user's); nil when
    /// libpulse cannot even start its thread. `retryAfter` schedules a fresh connection
    /// attempt (by default on a global Dispatch queue after that many seconds).
    public init?(server: String? = nil, logger: Logger,
                 retryAfter: @escaping @Sendable (Double, @escaping @Sendable () -> Void) -> Void = { delay, attempt in
                     DispatchQueue.global().asyncAfter(deadline: .now() + delay, execute: attempt)
                 }) {
        guard let loop = pa_threaded_mainloop_new() else { return nil }
        mainloop = loop
        self.server = server
        self.logger = logger
        self.retryAfter = retryAfter
        guard pa_threaded_mainloop_start(loop) == 0 else {
            pa_threaded_mainloop_free(loop)
            return nil
        }
    }

    deinit {
        stop()
        pa_threaded_mainloop_stop(mainloop)
        if let context { pa_context_unref(context) }
        pa_threaded_mainloop_free(mainloop)
    }

    /// Whether the server is connected (the check is on).
    public var isConnected: Bool { shared.withLock { $0.connected } }

    /// Connects; `onChange` hears every change of "in a call" (on libpulse's thread).
    public func start(onChange: @escaping @Sendable (Bool) -> Void) {
        shared.withLock { $0.onChange = onChange }
        pa_threaded_mainloop_lock(mainloop)
        connect()
        pa_threaded_mainloop_unlock(mainloop)
    }

    /// Disconnects and reports nothing more.
    public func stop() {
        shared.withLock {
            $0.stopped = true
            $0.onChange = nil
        }
        pa_threaded_mainloop_lock(mainloop)
        if let context { pa_context_disconnect(context) }
        pa_threaded_mainloop_unlock(mainloop)
    }

    /// Asks the server now whether a call is going on; nil when not connected. Waits at most
    /// `timeout` seconds, then answers with what was last seen.
    public func inCall(timeout: Double) -> Bool? {
        guard isConnected else { return nil }
        let answered = DispatchSemaphore(value: 0)
        pa_threaded_mainloop_lock(mainloop)
        let started = query { _ in answered.signal() }
        pa_threaded_mainloop_unlock(mainloop)
        if started { _ = answered.wait(timeout: .now() + timeout) }
        return shared.withLock { $0.connected ? $0.inCall : nil }
    }

    // MARK: On libpulse's thread (mainloop lock held)

    private func connect() {
        if let old = context {
            pa_context_set_state_callback(old, nil, nil)
            pa_context_set_subscribe_callback(old, nil, nil)
            pa_context_disconnect(old)
            pa_context_unref(old)
        }
        context = pa_context_new(pa_threaded_mainloop_get_api(mainloop), "relief")
        guard let context else { return }
        let me = Unmanaged.passUnretained(self).toOpaque()
        pa_context_set_state_callback(context, { context, userdata in
            guard let context, let userdata else { return }
            Unmanaged<PulseCallMonitor>.fromOpaque(userdata).takeUnretainedValue().stateChanged(context)
        }, me)
        if pa_context_connect(context, server, PA_CONTEXT_NOAUTOSPAWN, nil) < 0 { failed(context) }
    }

    private func stateChanged(_ context: OpaquePointer) {
        guard context == self.context else { return }
        switch pa_context_get_state(context) {
        case PA_CONTEXT_READY:
            retryDelay = 2
            shared.withLock {
                $0.connected = true
                $0.announcedMissing = false
            }
            let server = pa_context_get_server(context).map { String(cString: $0) } ?? "(default)"
            logger.info("in-call check on: sound server \(server)")
            let me = Unmanaged.passUnretained(self).toOpaque()
            pa_context_set_subscribe_callback(context, { _, _, _, userdata in
                guard let userdata else { return }
                let monitor = Unmanaged<PulseCallMonitor>.fromOpaque(userdata).takeUnretainedValue()
                _ = monitor.query { _ in }
            }, me)
            let mask = pa_subscription_mask_t(PA_SUBSCRIPTION_MASK_SOURCE.rawValue | PA_SUBSCRIPTION_MASK_SOURCE_OUTPUT.rawValue)
            if let operation = pa_context_subscribe(context, mask, nil, nil) { pa_operation_unref(operation) }
            _ = query { _ in }
        case PA_CONTEXT_FAILED, PA_CONTEXT_TERMINATED:
            failed(context)
        default:
            break
        }
    }

    /// The connection failed or was lost: report "no call", say so once, try again later.
    private func failed(_ context: OpaquePointer) {
        let reason = String(cString: pa_strerror(pa_context_errno(context)))
        let (wasConnected, announce, stopped) = shared.withLock { state in
            let result = (state.connected, !state.announcedMissing, state.stopped)
            state.connected = false
            state.announcedMissing = true
            return result
        }
        if stopped { return }
        if announce {
            logger.notice("\(wasConnected ? "sound server gone" : "no sound server") (\(reason)): in-call check off until one answers")
        }
        if wasConnected { report(false) }
        guard !retryPending else { return }
        retryPending = true
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, 60)
        retryAfter(delay) { [weak self] in
            guard let self else { return }
            pa_threaded_mainloop_lock(mainloop)
            retryPending = false
            if !shared.withLock({ $0.stopped }) { connect() }
            pa_threaded_mainloop_unlock(mainloop)
        }
    }

    /// Lists the sources, then the recording streams, and updates "in a call"; `done` runs
    /// with the answer (on libpulse's thread). False when no query could be started.
    private func query(_ done: @escaping (Bool) -> Void) -> Bool {
        guard let context, pa_context_get_state(context) == PA_CONTEXT_READY else { return false }
        let listing = Listing(monitor: self, done: done)
        let userdata = Unmanaged.passRetained(listing).toOpaque()
        let operation = pa_context_get_source_info_list(context, { context, info, eol, userdata in
            guard let userdata else { return }
            let listing = Unmanaged<Listing>.fromOpaque(userdata).takeUnretainedValue()
            if let info, eol == 0 {
                if info.pointee.monitor_of_sink == UInt32.max /* PA_INVALID_INDEX */ { listing.realInputs.insert(info.pointee.index) }
                return
            }
            listing.sourcesListed(context, userdata: userdata, failed: eol < 0)
        }, userdata)
        guard let operation else {
            Unmanaged<Listing>.fromOpaque(userdata).release()
            return false
        }
        pa_operation_unref(operation)
        return true
    }

    fileprivate func listed(_ streams: [RecordingStream], realInputs: Set<UInt32>) -> Bool {
        let calls = CallRule.calls(streams, realInputs: realInputs)
        let active = !calls.isEmpty
        report(active, by: calls.compactMap(\.application))
        return active
    }

    private func report(_ active: Bool, by applications: [String] = []) {
        let changed: (@Sendable (Bool) -> Void)? = shared.withLock { state in
            guard state.inCall != active else { return nil }
            state.inCall = active
            return state.onChange
        }
        guard let changed else { return }
        if active { logger.info("microphone in use\(applications.isEmpty ? "" : " by \(applications.joined(separator: ", "))")") }
        changed(active)
    }
}

/// One listing in flight: the real inputs, then the recording streams.
private final class Listing {
    let monitor: PulseCallMonitor
    let done: (Bool) -> Void
    var realInputs: Set<UInt32> = []
    var streams: [RecordingStream] = []

    init(monitor: PulseCallMonitor, done: @escaping (Bool) -> Void) {
        self.monitor = monitor
        self.done = done
    }

    /// The sources are listed: list the recording streams with the same userdata (this
    /// listing, retained until the streams are listed).
    func sourcesListed(_ context: OpaquePointer?, userdata: UnsafeMutableRawPointer, failed: Bool) {
        guard !failed, let context, let operation = pa_context_get_source_output_info_list(context, { _, info, eol, userdata in
            guard let userdata else { return }
            let listing = Unmanaged<Listing>.fromOpaque(userdata).takeUnretainedValue()
            if let info, eol == 0 {
                let stream = info.pointee
                listing.streams.append(RecordingStream(
                    source: stream.source, corked: stream.corked != 0,
                    resampleMethod: stream.resample_method.map { String(cString: $0) },
                    mediaName: pa_proplist_gets(stream.proplist, "media.name").map { String(cString: $0) },
                    application: pa_proplist_gets(stream.proplist, "application.name").map { String(cString: $0) }))
                return
            }
            let active = eol < 0 ? false : listing.monitor.listed(listing.streams, realInputs: listing.realInputs)
            listing.done(active)
            Unmanaged<Listing>.fromOpaque(userdata).release()
        }, userdata) else {
            done(false)
            Unmanaged<Listing>.fromOpaque(userdata).release()
            return
        }
        pa_operation_unref(operation)
    }
}
