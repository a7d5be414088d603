import Dispatch
import Logging
import ReliefBus
import ReliefDaemon

/// The break context of a real desktop: calls from the sound server and the cameras,
/// presence and sleep from logind and Mutter. Each check is optional; a missing service
/// leaves its check off (logged once by the check itself) and breaks behave as before.
public final class SystemContext: BreakContext, @unchecked Sendable {  // state below only on `queue`
    private let pulse: PulseCallMonitor?
    private let camera: CameraCheck?
    private let presence: (any PresenceSource)?
    private let logger: Logger
    private let queue = DispatchQueue(label: "relief.context")
    private var handler: (@Sendable (ContextEvent) -> Void)?
    private var microphoneInUse = false
    private var cameraInUse = false
    private var reportedCall = false
    /// Polls the cameras while one is open: nothing announces that a device was closed.
    private let cameraPoll: any DispatchSourceTimer
    private var cameraPolling = false
    /// Seconds between camera looks during a call.
    static let cameraPollSeconds = 5.0

    /// A context from the given checks (nil: that check is off).
    public init(pulse: PulseCallMonitor?, camera: CameraCheck?, presence: (any PresenceSource)?, logger: Logger) {
        self.pulse = pulse
        self.camera = camera
        self.presence = presence
        self.logger = logger
        cameraPoll = DispatchSource.makeTimerSource(queue: queue)
        cameraPoll.setEventHandler { [weak self] in self?.lookAtCameras() }
        cameraPoll.resume()
    }

    deinit { cameraPoll.cancel() }

    /// The checks whose service answers.
    public var activeChecks: [String] {
        var names: [String] = []
        if pulse?.isConnected ?? false { names.append("in-call") }
        names += presence?.activeChecks ?? []
        return names
    }

    public func start(sessionBus: BusConnection?, _ handler: @escaping @Sendable (ContextEvent) -> Void) {
        queue.sync { self.handler = handler }
        pulse?.start { [weak self] active in
            guard let self else { return }
            queue.async {
                self.microphoneInUse = active
                self.publishCall()
            }
        }
        presence?.start(sessionBus: sessionBus, handler)
    }

    public func snapshot() -> ContextSnapshot {
        let microphone = pulse?.inCall(timeout: 0.5)
        let cameraUsers = camera?.users() ?? []
        if !cameraUsers.isEmpty { logger.info("camera in use by process(es) \(cameraUsers.map(String.init).joined(separator: ", "))") }
        queue.sync {
            if let microphone { microphoneInUse = microphone }
            if camera != nil { cameraInUse = !cameraUsers.isEmpty }
            publishCall()
        }
        let inCall: Bool? = (microphone == nil && camera == nil) ? nil : (microphone ?? false) || !cameraUsers.isEmpty
        return ContextSnapshot(inCall: inCall, presence: presence?.current())
    }

    public func stop() {
        pulse?.stop()
        presence?.stop()
        queue.sync { handler = nil }
    }

    // MARK: On queue

    private func publishCall() {
        let active = microphoneInUse || cameraInUse
        if cameraInUse != cameraPolling {
            cameraPolling = cameraInUse
            cameraPoll.schedule(deadline: cameraInUse ? .now() + Self.cameraPollSeconds : .distantFuture,
                                repeating: cameraInUse ? Self.cameraPollSeconds : .infinity)
        }
        guard active != reportedCall else { return }
        reportedCall = active
        handler?(.call(active))
    }

    private func lookAtCameras() {
        guard let camera else { return }
        cameraInUse = camera.inUse
        publishCall()
    }
}

/// Where presence (lock, idleness) and sleep come from: logind and Mutter.
public protocol PresenceSource: AnyObject, Sendable {
    /// The checks at work: `away` when lock or idleness can be seen, `sleep` with logind.
    var activeChecks: [String] { get }
    /// Starts watching; changes and sleep go to `handler`. `sessionBus`: the daemon's
    /// session-bus connection, when it has one.
    func start(sessionBus: BusConnection?, _ handler: @escaping @Sendable (ContextEvent) -> Void)
    /// What is seen now (bounded in time), or nil when nothing can be.
    func current() -> Presence?
    /// Stops watching.
    func stop()
}
