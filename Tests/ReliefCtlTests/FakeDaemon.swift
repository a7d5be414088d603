import Foundation
import Glibc
import ReliefProtocol

/// A stand-in for reliefd on a temporary socket: it answers each request line with what
/// `respond` returns, one thread per connection, and records every request it got.
/// Waits are bounded and `stop()` closes everything, so no test can hang on it.
final class FakeDaemon: @unchecked Sendable {
    /// What to do with one request.
    enum Reaction {
        /// Write these lines (each gets a newline), keep the connection.
        case lines([String])
        /// Write these lines, then close the connection.
        case linesThenClose([String])
        /// Close without a word.
        case close
    }

    let directory: String
    let path: String
    private let listener: Int32
    private let respond: @Sendable (JSONValue) -> Reaction
    private let lock = NSLock()
    private let finished = DispatchGroup()
    private var stopped = false
    private var connections: [Int32] = []
    private var received: [String] = []

    /// Every request line received so far, in arrival order.
    var requests: [String] { lock.withLock { received } }

    /// Starts serving at a fresh temporary socket.
    init(respond: @escaping @Sendable (JSONValue) -> Reaction) throws {
        var template = Array("/tmp/relief-ctl-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        directory = String(cString: made)
        path = directory + "/control.sock"
        self.respond = respond
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        finished.enter()
        Thread.detachNewThread { [self] in
            defer { finished.leave() }
            acceptLoop()
        }
    }

    /// A daemon that answers every request with the same line.
    convenience init(always line: String) throws {
        try self.init { _ in .lines([line]) }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while !isStopped {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let descriptor = accept(listener, nil, nil)
            guard descriptor >= 0 else { continue }
            lock.withLock { connections.append(descriptor) }
            finished.enter()
            Thread.detachNewThread { [self] in
                defer { finished.leave() }
                serve(descriptor)
            }
        }
    }

    private func serve(_ descriptor: Int32) {
        var pending: [UInt8] = []
        let deadline = Date().addingTimeInterval(10)
        while !isStopped, Date() < deadline {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                lock.withLock { received.append(line) }
                let request = (try? JSONValue.parse(line)) ?? .null
                switch respond(request) {
                case .lines(let lines):
                    write(lines, to: descriptor)
                case .linesThenClose(let lines):
                    write(lines, to: descriptor)
                    shutdown(descriptor, Int32(SHUT_RDWR))
                    return
                case .close:
                    shutdown(descriptor, Int32(SHUT_RDWR))
                    return
                }
                continue
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { return }
            pending += chunk[..<count]
        }
    }

    private func write(_ lines: [String], to descriptor: Int32) {
        let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
        var sent = 0
        while sent < bytes.count {
            let result = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if result <= 0 { return }
            sent += result
        }
    }

    /// Stops serving, closes every connection, waits (bounded) for the threads, cleans up.
    func stop() {
        lock.withLock {
            stopped = true
            for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
        _ = finished.wait(timeout: .now() + 5)
        lock.withLock { for connection in connections { close(connection) } }
        close(listener)
        unlink(path)
        rmdir(directory)
    }
}
