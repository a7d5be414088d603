import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// A bare control-socket client for tests: raw bytes in, lines out, every wait bounded.
final class RawClient {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var sawEnd = false

    /// Connects to `path`; throws when nobody listens.
    init(path: String) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw TestFailure("connect \(path): errno \(code)")
        }
    }

    deinit { Glibc.close(descriptor) }

    /// Sends `bytes`, all of them (blocking, bounded by `timeout`); false when the server closed.
    @discardableResult
    func send(_ bytes: [UInt8], timeout: Double = 5) -> Bool {
        var sent = 0
        let deadline = Date().addingTimeInterval(timeout)
        while sent < bytes.count {
            guard wait(for: Int16(POLLOUT), until: deadline) else { return false }
            let count = bytes[sent...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if count < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return false
            }
            sent += count
        }
        return true
    }

    /// Sends `text` followed by a newline.
    @discardableResult
    func send(line text: String) -> Bool { send(Array((text + "\n").utf8)) }

    /// The next line without its newline; nil at end of stream or after `timeout` seconds
    /// (see `sawEnd`).
    func readLine(timeout: Double = 5) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            if sawEnd || !wait(for: Int16(POLLIN), until: deadline) { return nil }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
            } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                sawEnd = true  // EOF, or ECONNRESET after the server closed with our data unread
            }
        }
    }

    /// Reads until the server closes (true) or `timeout` passes (false), discarding lines.
    func waitForEnd(timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !sawEnd, Date() < deadline { _ = readLine(timeout: deadline.timeIntervalSinceNow) }
        return sawEnd
    }

    /// The next line parsed as a JSON object.
    func readObject(timeout: Double = 5) throws -> [String: Any] {
        guard let line = readLine(timeout: timeout) else { throw TestFailure("no reply within \(timeout) s") }
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(line)")
        }
        return object
    }

    /// Sends one request line and returns its reply object.
    func request(_ json: String, timeout: Double = 5) throws -> [String: Any] {
        guard send(line: json) else { throw TestFailure("cannot send \(json)") }
        return try readObject(timeout: timeout)
    }

    /// Reads objects until one satisfies `match` (returned) or `timeout` passes (throws).
    func readObject(until match: ([String: Any]) -> Bool, timeout: Double = 10) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let object = try readObject(timeout: max(0.01, deadline.timeIntervalSinceNow))
            if match(object) { return object }
        }
        throw TestFailure("no matching line within \(timeout) s")
    }

    /// Closes our sending side only (half-close).
    func shutdownWrite() { Glibc.shutdown(descriptor, Int32(SHUT_WR)) }

    private func wait(for events: Int16, until deadline: Date) -> Bool {
        while true {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000).rounded(.up))
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, remaining)
            if ready > 0 { return true }
            if ready == 0 || errno != EINTR { return false }
        }
    }
}
