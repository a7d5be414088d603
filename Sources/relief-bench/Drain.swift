import Dispatch
import Glibc
import Synchronization

/// Reads and discards everything that arrives on a set of connections (subscribers that
/// keep up, as a well-behaved client would), on its own thread, until stopped.
final class Drain: Sendable {
    private let descriptors: [Int32]
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private let counters = Mutex((bytes: 0, closed: 0))

    init(descriptors: [Int32]) { self.descriptors = descriptors }

    /// Bytes read so far and connections the daemon closed.
    var totals: (bytes: Int, closed: Int) { counters.withLock { $0 } }

    func start() {
        Thread.detach { [self] in
            var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while !stopping.load(ordering: .relaxed) {
                if poll(&fds, nfds_t(fds.count), 50) <= 0 { continue }
                for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                    let n = chunk.withUnsafeMutableBytes { recv(fds[index].fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                    if n > 0 {
                        counters.withLock { $0.bytes += n }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        counters.withLock { $0.closed += 1 }
                        fds[index].fd = -1  // poll ignores negative descriptors
                    }
                }
            }
            finished.signal()
        }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        _ = finished.wait(timeout: .now() + 5)
    }
}
