import Glibc
import ReliefMeasure
import ReliefSystem

/// A bare blocking connection to the control socket that sends and reads lines with plain
/// syscalls: the lightest client possible, so loops of requests measure the daemon, not
/// the client.
final class LineConnection {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var consumed = 0

    /// Connects to `path`; nil when nothing listens there.
    init?(path: String, receiveTimeout: Double = 5) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let connected = withUnixAddress(path) { connect(fd, $0, $1) == 0 } ?? false
        guard connected else {
            close(fd)
            return nil
        }
        var limit = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends `line` and a newline; false when the connection is gone.
    @discardableResult
    func send(_ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(10)
        return sendBytes(bytes)
    }

    /// Sends raw bytes (garbage included); false when the connection is gone.
    @discardableResult
    func sendBytes(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// The next line without its newline; nil on close, error or timeout.
    func readLine() -> String? {
        while true {
            if let newline = buffer[consumed...].firstIndex(of: 10) {
                let line = String(decoding: buffer[consumed..<newline], as: UTF8.self)
                consumed = newline + 1
                if consumed > 65_536 {
                    buffer.removeFirst(consumed)
                    consumed = 0
                }
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 16_384)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            buffer += chunk[0..<n]
        }
    }

    /// Sends `line` and returns the reply line.
    func request(_ line: String) -> String? {
        send(line) ? readLine() : nil
    }
}
