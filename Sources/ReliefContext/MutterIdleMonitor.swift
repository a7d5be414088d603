import Dispatch
import Logging
import ReliefBus
import Synchronization

/// GNOME's idle time: `org.gnome.Mutter.IdleMonitor.GetIdletime` on the session bus (GNOME
/// does not set logind's IdleHint). Asked when a scheduled break is due; no Mutter (another
/// desktop, or no session bus): off, logged once.
final class MutterIdleMonitor: @unchecked Sendable {
    let bus: BusConnection
    private let logger: Logger
    private let state = Mutex((available: false, announced: ""))

    init(environment: [String: String], logger: Logger) {
        self.logger = logger
        bus = BusConnection(.session, queue: DispatchQueue(label: "relief.mutter"), environment: environment, logger: logger)
    }

    /// Whether Mutter answered the last question.
    var isAvailable: Bool { state.withLock { $0.available } }

    func start() {
        bus.onStateChange { [weak self] connected in
            guard let self else { return }
            if connected == .connected { ask(timeout: 2) { _ in } } else { state.withLock { $0.available = false } }
        }
        bus.start()
    }

    func stop() { bus.close() }

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
        bus.call(BusMethodCall(destination: "org.gnome.Mutter.IdleMonitor", path: "/org/gnome/Mutter/IdleMonitor/Core",
                               interface: "org.gnome.Mutter.IdleMonitor", member: "GetIdletime"), timeout: timeout) { [weak self] result in
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
