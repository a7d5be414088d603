import Dispatch
import Logging
import ReliefBus
import Synchronization
import ReliefSystem

/// GNOME's idle time (GNOME does not set logind's IdleHint), from Mutter's IdleMonitor on the
/// session bus: `GetIdletime` when a scheduled break is due, and between breaks two watches
/// (no polling): an idle watch that fires after `restSeconds` without input, then a
/// user-active watch that fires at the next input, so a rest that is over before the timer
/// fires still counts as a natural break. No Mutter (another desktop, or no session bus):
/// off, logged once. It uses the daemon's session-bus connection (media control owns it and
/// starts it), so reliefd has one.
final class MutterIdleMonitor: @unchecked Sendable {  // bus is set once in start; watch state only on bus.queue
    static let service = "org.gnome.Mutter.IdleMonitor"
    static let path = "/org/gnome/Mutter/IdleMonitor/Core"

    private var bus: BusConnection?
    private let logger: Logger
    private let restSeconds: Double
    private let state = Mutex((available: false, announced: ""))
    private var idleWatch: UInt32?
    private var activeWatch: UInt32?
    private var watchFired: BusSubscription?
    private var onRest: (@Sendable (Double?) -> Void)?

    /// A monitor whose idle watch fires after `restSeconds` (real seconds) without input.
    init(restSeconds: Double, logger: Logger) {
        self.logger = logger
        self.restSeconds = restSeconds
    }

    /// Whether Mutter answered the last question.
    var isAvailable: Bool { state.withLock { $0.available } }

    /// Starts watching on `bus` (not yet started: its owner starts it; nil: no session bus);
    /// `onRest` hears the instant (monotonic) a rest began, and nil when the person is back.
    func start(on bus: BusConnection?, onRest: @escaping @Sendable (Double?) -> Void) {
        guard let bus else {
            logger.notice("GNOME idle time off: media control (which owns the session-bus connection) is off")
            return
        }
        self.bus = bus
        bus.queue.async { self.onRest = onRest }
        watchFired = bus.subscribe(BusMatch(path: Self.path, interface: Self.service, member: "WatchFired")) { [weak self] signal in
            guard let self, case .uint32(let id)? = signal.values.first else { return }
            watchFired(id)
        }
        bus.onStateChange { [weak self] connected in
            guard let self else { return }
            idleWatch = nil
            activeWatch = nil
            guard connected == .connected else {
                state.withLock { $0.available = false }
                return
            }
            ask(timeout: 2) { [weak self] milliseconds in
                guard let self, milliseconds != nil else { return }
                bus.queue.async { self.addIdleWatch() }
            }
        }
    }

    // MARK: Watches (on bus.queue)

    private func addIdleWatch() {
        guard idleWatch == nil else { return }
        let interval = UInt64(max(1, restSeconds * 1000))
        callForID("AddIdleWatch", [.uint64(interval)]) { [weak self] id in self?.idleWatch = id }
    }

    private func watchFired(_ id: UInt32) {
        if id == idleWatch {
            onRest?(monotonicSeconds() - restSeconds)
            if activeWatch == nil { callForID("AddUserActiveWatch", []) { [weak self] id in self?.activeWatch = id } }
        } else if id == activeWatch {
            // A user-active watch fires once.
            activeWatch = nil
            onRest?(nil)
        }
    }

    private func callForID(_ member: String, _ arguments: [BusValue], _ use: @escaping @Sendable (UInt32) -> Void) {
        bus?.call(BusMethodCall(destination: Self.service, path: Self.path, interface: Self.service, member: member,
                               arguments: arguments), timeout: 2) { [weak self] result in
            switch result {
            case .success(let reply):
                if case .uint32(let id)? = reply.values.first { use(id) }
            case .failure(let error):
                self?.logger.notice("Mutter \(member) failed (\(error.name)): rests between breaks are seen only by logind")
            }
        }
    }

    /// Stops hearing watches (the connection belongs to its owner).
    func stop() {
        watchFired?.cancel()
    }

    /// Milliseconds since the last input, asked now (waits at most `timeout`); nil without Mutter.
    func idleMilliseconds(timeout: Double) -> UInt64? {
        let answer = Mutex<UInt64?>(nil)
        let done = DispatchSemaphore(value: 0)
        ask(timeout: timeout) { milliseconds in
            answer.withLock { $0 = milliseconds }
            done.signal()
        }
        _ = done.wait(timeout: .now() + timeout + 0.1)
        return answer.withLock { $0 }
    }

    private func ask(timeout: Double, _ reply: @escaping @Sendable (UInt64?) -> Void) {
        guard let bus else { return reply(nil) }
        bus.call(BusMethodCall(destination: Self.service, path: Self.path, interface: Self.service, member: "GetIdletime"),
                 timeout: timeout) { [weak self] result in
            var milliseconds: UInt64?
            if case .success(let answer) = result, case .uint64(let value)? = answer.values.first { milliseconds = value }
            self?.note(milliseconds != nil, result)
            reply(milliseconds)
        }
    }

    private func note(_ answered: Bool, _ result: Result<BusReply, BusError>) {
        let text: String
        if answered {
            text = "GNOME idle time on (Mutter IdleMonitor)"
        } else if case .failure(let error) = result {
            text = "no Mutter IdleMonitor (\(error.name)): GNOME idle time not used"
        } else {
            text = "Mutter IdleMonitor answered without an idle time: not used"
        }
        let announce = state.withLock { state -> Bool in
            state.available = answered
            guard state.announced != text else { return false }
            state.announced = text
            return true
        }
        if announce { logger.notice("\(text)") }
    }
}
