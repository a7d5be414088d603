import Dispatch
import Logging
import ReliefBus
import ReliefDaemon
import Synchronization
import Glibc

/// The user's graphical login session as logind sees it (lock and idle hints), and the
/// machine's sleep (`PrepareForSleep`), over the system bus.
///
/// A reliefd under `systemd --user` belongs to no session, so the session is found through
/// the user: logind's `User.Display` (what `sd_uid_get_display` reads), else the user's
/// first session. No logind (no system bus, or nobody owns org.freedesktop.login1): both
/// checks are off, logged once.
final class LogindSession: @unchecked Sendable {  // state below only on bus.queue
    static let service = "org.freedesktop.login1"
    static let manager = "/org/freedesktop/login1"

    let bus: BusConnection
    private let logger: Logger
    private var sessionPath: String?
    private var hints = PresenceReading()
    private var onHints: (@Sendable (PresenceReading) -> Void)?
    private var subscriptions: [BusSubscription] = []
    private var announced: String?
    /// What is working, readable from any thread.
    let available = Mutex((away: false, sleep: false))

    init(environment: [String: String], logger: Logger) {
        self.logger = logger
        bus = BusConnection(.system, queue: DispatchQueue(label: "relief.logind"), environment: environment, logger: logger)
    }

    /// Starts watching: `sleep` hears PrepareForSleep, `hints` every change of the session's hints.
    func start(sleep: @escaping @Sendable (Bool) -> Void, hints onHints: @escaping @Sendable (PresenceReading) -> Void) {
        bus.queue.async { self.onHints = onHints }
        bus.onStateChange { [weak self] state in
            guard let self else { return }
            if state == .connected {
                findSession()
            } else {
                available.withLock { $0 = (false, false) }
                sessionPath = nil
            }
        }
        subscriptions.append(bus.subscribe(BusMatch(path: Self.manager, interface: "org.freedesktop.login1.Manager",
                                                    member: "PrepareForSleep")) { [weak self] signal in
            guard let self, let sleeping = signal.values.first?.boolValue else { return }
            available.withLock { $0.sleep = true }
            sleep(sleeping)
        })
        subscriptions.append(bus.subscribe(.propertiesChanged(interface: "org.freedesktop.login1.Session")) { [weak self] signal in
            guard let self, signal.path == sessionPath, signal.values.count > 1, let changed = signal.values[1].namedValues else { return }
            apply(changed)
            onHints(hints)
        })
        bus.start()
    }

    func stop() { bus.close() }

    /// The session's hints read now (bounded by `timeout`), or nil without a session.
    func read(timeout: Double) -> PresenceReading? {
        let done = DispatchSemaphore(value: 0)
        let path: String? = bus.queue.sync { sessionPath }
        guard let path else {
            bus.queue.async { if self.bus.isConnected { self.findSession() } }
            return nil
        }
        readHints(path) { done.signal() }
        _ = done.wait(timeout: .now() + timeout)
        return bus.queue.sync { sessionPath == nil ? nil : hints }
    }

    // MARK: On bus.queue

    /// User → Display session, else the user's first session; then its hints.
    private func findSession() {
        let uid = getuid()
        bus.call(BusMethodCall(destination: Self.service, path: Self.manager, interface: "org.freedesktop.login1.Manager",
                               member: "GetUser", arguments: [.uint32(uid)]), timeout: 2) { [weak self] result in
            guard let self else { return }
            switch result {
            case .failure(let error):
                // logind answered (no such user: no session) or is not there at all.
                let answered = error.name.hasPrefix("org.freedesktop.login1.")
                available.withLock { $0 = (false, answered) }
                announce(answered ? "logind knows no session of uid \(uid): away check off; sleep check on"
                                  : "no logind (\(error.name)): away and sleep checks off")
            case .success(let reply):
                available.withLock { $0.sleep = true }
                guard let user = reply.values.first?.text else { return }
                bus.property(destination: Self.service, path: user, interface: "org.freedesktop.login1.User",
                             name: "Display", timeout: 2) { [weak self] display in
                    guard let self else { return }
                    if case .success(.structure(let fields)) = display, fields.count == 2, let path = fields[1].text, path != "/" {
                        use(path)
                    } else {
                        firstSession(of: uid)
                    }
                }
            }
        }
    }

    private func firstSession(of uid: uid_t) {
        bus.call(BusMethodCall(destination: Self.service, path: Self.manager, interface: "org.freedesktop.login1.Manager",
                               member: "ListSessions"), timeout: 2) { [weak self] result in
            guard let self else { return }
            let mine = (try? result.get())?.values.first?.elements?.compactMap { entry -> String? in
                guard case .structure(let fields) = entry, fields.count == 5, fields[1].integer == Int64(uid) else { return nil }
                return fields[4].text
            }
            if let path = mine?.first { use(path) } else {
                announce("logind knows no session of uid \(uid): away check off; sleep check on")
            }
        }
    }

    private func use(_ path: String) {
        sessionPath = path
        readHints(path) { [weak self] in
            guard let self else { return }
            available.withLock { $0.away = true }
            announce("away check on: logind session \(path.split(separator: "/").last.map(String.init) ?? path); sleep check on")
        }
    }

    private func readHints(_ path: String, then done: @escaping @Sendable () -> Void) {
        bus.call(BusMethodCall(destination: Self.service, path: path, interface: "org.freedesktop.DBus.Properties",
                               member: "GetAll", arguments: [.string("org.freedesktop.login1.Session")]), timeout: 1) { [weak self] result in
            if let self, let values = (try? result.get())?.values.first?.namedValues { apply(values) }
            done()
        }
    }

    private func apply(_ values: [String: BusValue]) {
        if let locked = values["LockedHint"]?.boolValue { hints.locked = locked }
        if let idle = values["IdleHint"]?.boolValue { hints.idleHint = idle }
        if case .uint64(let micros)? = values["IdleSinceHintMonotonic"] { hints.idleSinceMonotonicMicros = micros }
    }

    /// Logs what the checks can do, once per change.
    private func announce(_ text: String) {
        guard text != announced else { return }
        announced = text
        logger.notice("\(text)")
    }
}
