import Dispatch
import Glibc
import Synchronization

/// `status` requests on one connection at a fixed rate (absolute schedule, one request
/// in flight), on its own thread: the "1000 requests/s" of the load test.
final class RequestLoop: Sendable {
    private let path: String
    private let interval: Double
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let counts = Mutex((sent: 0, answered: 0, started: 0.0, ended: 0.0))

    init(path: String, perSecond: Double) throws {
        self.path = path
        interval = 1 / perSecond
    }

    func start() {
        Thread.detach { [self] in
            guard let connection = LineConnection(path: path, receiveTimeout: 2) else {
                finished.signal()
                return
            }
            let started = monotonicNow()
            var due = started
            counts.withLock { $0.started = started }
            while !stopping.load(ordering: .relaxed) {
                let now = monotonicNow()
                if now < due { pause(due - now) }
                due += interval
                counts.withLock { $0.sent += 1 }
                guard let reply = connection.request(#"{"cmd":"status"}"#) else { break }
                if reply.hasPrefix("{\"ok\":true") || reply.contains("\"ok\":true") { counts.withLock { $0.answered += 1 } }
            }
            counts.withLock { $0.ended = monotonicNow() }
            finished.signal()
        }
    }

    /// Stops the loop: requests answered per second, and requests sent without a good reply.
    func stop() -> (rate: Double, failures: Int) {
        stopping.store(true, ordering: .relaxed)
        _ = finished.wait(timeout: .now() + 5)
        let c = counts.withLock { $0 }
        let span = c.ended - c.started
        return (span > 0 ? Double(c.answered) / span : 0, c.sent - c.answered)
    }
}
