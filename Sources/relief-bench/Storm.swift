import Dispatch
import Glibc
import ReliefMeasure
import Synchronization

/// Clients hammering the socket while the soak runs: every kind of request but those that
/// would stop or pause the session, subscribers that read a little and leave, garbage,
/// over-long lines and connections dropped mid-line. Tolerates the daemon being away.
final class Storm: Sendable {
    private let path: String
    private let threads: Int
    private let stopping = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private let counts = Mutex((requests: 0, connections: 0))

    init(path: String, threads: Int) {
        self.path = path
        self.threads = threads
    }

    func start() {
        for index in 0..<threads {
            Thread.detach { [self] in
                var garbage = MalformedInputs(kind: .request, seed: UInt64(index + 1))
                var step = index
                while !stopping.load(ordering: .relaxed) {
                    guard let connection = LineConnection(path: path, receiveTimeout: 1) else {
                        usleep(5_000)
                        continue
                    }
                    counts.withLock { $0.connections += 1 }
                    step += 1
                    var sent = 0
                    switch step % 6 {
                    case 0:  // a subscriber that reads a few events, then hangs up
                        if connection.request(#"{"cmd":"subscribe"}"#) != nil { _ = connection.readLine() }
                        sent = 1
                    case 1:  // malformed lines, one after another
                        for _ in 0..<20 where connection.sendBytes(garbage.next().filter { $0 != 10 } + [10]) { sent += 1 }
                    case 2:  // a line over 64 KiB: too-large, connection closed
                        connection.sendBytes([UInt8](repeating: UInt8(ascii: "a"), count: 70_000) + [10])
                        _ = connection.readLine()
                        sent = 1
                    case 3:  // a request cut off mid-line by a hang-up
                        connection.sendBytes(Array(#"{"cmd":"sta"#.utf8))
                        sent = 1
                    default:  // ordinary traffic
                        for line in [#"{"cmd":"status"}"#, #"{"cmd":"ping"}"#, #"{"cmd":"list"}"#, #"{"cmd":"history","days":3}"#,
                                     #"{"cmd":"skip"}"#, #"{"cmd":"extend","seconds":1}"#, #"{"cmd":"back"}"#,
                                     #"{"cmd":"show","routine":"posture-break"}"#] {
                            guard connection.request(line) != nil else { break }
                            sent += 1
                        }
                    }
                    counts.withLock { $0.requests += sent }
                }
                done.signal()
            }
        }
    }

    /// Stops every storm thread (bounded) and returns the totals.
    func stop() -> (requests: Int, connections: Int) {
        stopping.store(true, ordering: .relaxed)
        for _ in 0..<threads { _ = done.wait(timeout: .now() + 5) }
        return counts.withLock { ($0.requests, $0.connections) }
    }
}
