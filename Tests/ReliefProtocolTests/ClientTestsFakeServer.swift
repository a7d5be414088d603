import Foundation
import Glibc

/// A tiny Unix-socket server for the client tests: each accepted connection is handed to a
/// script on its own thread. Every wait is bounded, and `stop()` closes everything, so a
/// failing test cannot hang the run.
final class ScriptedServer: @unchecked Sendable {
    /// One accepted connection, as the script sees it.
    struct Peer {
        let descriptor: Int32

        /// The next line (without newline), or nil on end of file or after `seconds`.
        func readLine(within seconds: Double = 5) -> String? {
            var bytes: [UInt8] = []
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else { return nil }
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
                var byte: UInt8 = 0
                guard read(descriptor, &byte, 1) == 1 else { return nil }
                if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
                bytes.append(byte)
            }
        }

        /// Writes raw bytes (no newline added).
        func write(_ text: String) { write(Array(text.utf8)) }

        /// Writes raw bytes.
        func write(_ bytes: [UInt8]) {
            var sent = 0
            while sent < bytes.count {
                let result = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
                if result <= 0 { return }
                sent += result
            }
        }
    }

    let directory: String
    let path: String
    private let listener: Int32
    private let finished = DispatchGroup()
    private let lock = NSLock()
    private var peers: [Int32] = []
    private var stopped = false

    /// Binds and listens on a socket in a fresh temporary directory.
    init() throws {
        var template = Array("/tmp/relief-client-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        directory = String(cString: made)
        path = directory + "/control.sock"
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    /// Accepts connections until stopped, running `script` for each on its own thread.
    func serve(_ script: @escaping @Sendable (Peer) -> Void) {
        finished.enter()
        Thread.detachNewThread { [self] in
            defer { finished.leave() }
            while !isStopped {
                var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 20) > 0 else { continue }
                let descriptor = accept(listener, nil, nil)
                guard descriptor >= 0 else { continue }
                lock.withLock { peers.append(descriptor) }
                finished.enter()
                Thread.detachNewThread { [self] in
                    script(Peer(descriptor: descriptor))
                    finished.leave()
                }
            }
        }
    }

    /// Closes one connection from the server side (the peer sees end of file).
    func hangUp(_ peer: Peer) { shutdown(peer.descriptor, Int32(SHUT_RDWR)) }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Stops accepting, closes every connection, waits (bounded) for the scripts, removes the directory.
    func stop() {
        lock.withLock {
            stopped = true
            for peer in peers { shutdown(peer, Int32(SHUT_RDWR)) }
        }
        _ = finished.wait(timeout: .now() + 5)
        lock.withLock { for peer in peers { close(peer) } }
        close(listener)
        unlink(path)
        rmdir(directory)
    }
}
