import Glibc
import ReliefSystem

/// Why talking to the daemon failed, with the socket path so the message can say where.
///
/// ``kind`` tells callers what to do (a missing socket means "start reliefd", a bad reply
/// means a bug or a foreign server); ``description`` is a sentence for a person.
public struct ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad reason.
    public enum Kind: Sendable, Equatable {
        /// Nothing exists at the socket path (or a directory on the way is missing).
        case socketMissing
        /// The file exists but no daemon listens on it (a stale socket from a crash).
        case connectionRefused
        /// The socket or its directory belongs to someone else.
        case permissionDenied
        /// No connection, reply or write progress within the time limit.
        case timedOut
        /// The path cannot name a Unix socket (too long, or not a socket).
        case invalidPath
        /// The daemon closed the connection before the expected reply.
        case connectionClosed
        /// A reply that is not one line of JSON object, or one too long to be sane.
        case protocolError
        /// Any other system call failure; `errno` holds the code.
        case system
        /// The socket could have been planted by another user: its directory is not the
        /// user's (or root's) alone, or the peer answering is another user.
        case untrusted
    }

    /// The broad reason.
    public let kind: Kind
    /// The socket path the client tried.
    public let path: String
    /// Specifics: the `strerror` text, the parse error, the time limit.
    public let detail: String
    /// The `errno` behind a system failure, 0 when there is none.
    public let errno: Int32

    /// Creates an error; `errno` is 0 when no system call failed.
    public init(kind: Kind, path: String, detail: String, errno: Int32 = 0) {
        self.kind = kind
        self.path = path
        self.detail = detail
        self.errno = errno
    }

    /// True when the daemon could not be reached at all (as opposed to a broken reply).
    public var isUnreachable: Bool {
        switch kind {
        case .socketMissing, .connectionRefused, .permissionDenied, .timedOut, .invalidPath, .system, .untrusted: true
        case .connectionClosed, .protocolError: false
        }
    }

    /// One sentence naming the path and what went wrong.
    public var description: String {
        switch kind {
        case .socketMissing: "no daemon socket at \(path) (\(detail))"
        case .connectionRefused: "nothing is listening on \(path) (\(detail); a stale socket left by a crashed reliefd?)"
        case .permissionDenied: "permission denied on \(path) (\(detail); the socket belongs to another user?)"
        case .timedOut: "reliefd on \(path) did not answer in time (\(detail))"
        case .invalidPath: "\(path) cannot be used as a socket path (\(detail))"
        case .connectionClosed: "reliefd on \(path) closed the connection (\(detail))"
        case .protocolError: "reliefd on \(path) sent a bad reply (\(detail))"
        case .system: "cannot talk to \(path): \(detail)"
        case .untrusted: "refusing to talk to \(path): \(detail)"
        }
    }
}

/// A small blocking client for the control socket: connect, send request lines, read reply
/// lines — one thread, no run loop, so a command-line tool spends its time in `poll`, not in
/// start-up.
///
/// Every wait is bounded: connecting and each write are limited by ``timeout``, each read by
/// the timeout passed to it. The connection closes when the client is released.
public final class ControlClient {
    /// A reply line and the JSON it holds.
    public struct Reply: Sendable, Equatable {
        /// The line exactly as received, without its newline (what `--json` prints).
        public let line: String
        /// The parsed line; always an object.
        public let value: JSONValue

        /// True when the daemon answered `"ok": true`.
        public var isOK: Bool { value["ok"]?.bool == true }
        /// The error code of a refusal (`busy`, `not-running`, …), nil for success.
        public var errorCode: String? { isOK ? nil : value["error"]?.string }
        /// The daemon's explanation of a refusal.
        public var message: String? { value["message"]?.string }
    }

    /// What waiting for a line produced.
    public enum Incoming: Sendable, Equatable {
        /// A complete line, without its newline.
        case line(String)
        /// Nothing arrived within the time limit; the connection is still usable.
        case timedOut
        /// The daemon closed the connection (after any complete lines already returned).
        case closed
    }

    /// Longest line accepted from the daemon; a longer one means something is wrong, and
    /// buffering it without bound would let a broken server exhaust memory.
    public static let maximumLineLength = 16 << 20

    /// The socket path this client connected to.
    public let path: String
    /// Seconds allowed for connecting, for each write and for each ``readReply()``.
    public let timeout: Double

    private var descriptor: Int32
    private var pending: [UInt8] = []
    private var scanned = 0
    private var sawEndOfFile = false

    /// Connects to the Unix stream socket at `path`, waiting at most `timeout` seconds.
    public init(path: String, timeout: Double = 5) throws(ClientError) {
        self.path = path
        self.timeout = timeout
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Self.systemError(errno, path: path, during: "socket") }
        do {
            try connect()
        } catch {
            Glibc.close(descriptor)
            descriptor = -1
            throw error
        }
    }

    deinit { close() }

    /// Closes the connection; later calls fail with `connectionClosed`.
    public func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Sends `request` as one line.
    public func send(_ request: Request) throws(ClientError) {
        try send(line: request.line)
    }

    /// Sends any JSON value as one line (tests send what no `Request` can be).
    public func send(_ value: JSONValue) throws(ClientError) {
        try send(line: value.serialized)
    }

    /// Sends `line` followed by a newline. `line` must not contain a newline itself.
    public func send(line: String) throws(ClientError) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        var sent = 0
        while sent < bytes.count {
            guard descriptor >= 0 else { throw closedError("the connection is closed") }
            // MSG_NOSIGNAL: a daemon that went away must be an error here, not a SIGPIPE
            // that kills the client without a message.
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if result >= 0 {
                sent += result
                continue
            }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                throw ClientError(kind: .timedOut, path: path, detail: "sending took longer than \(Self.secondsText(timeout))")
            case EPIPE, ECONNRESET: throw closedError("while sending the request")
            default: throw Self.systemError(code, path: path, during: "send")
            }
        }
    }

    /// Sends `request` and reads its reply (waiting at most ``timeout``).
    public func request(_ request: Request) throws(ClientError) -> Reply {
        try send(request)
        return try readReply()
    }

    /// Sends any JSON value and reads the reply.
    public func request(_ value: JSONValue) throws(ClientError) -> Reply {
        try send(value)
        return try readReply()
    }

    /// Reads the next line as a reply: it must arrive within ``timeout`` and be a JSON object.
    public func readReply() throws(ClientError) -> Reply {
        switch try nextLine(timeout: timeout) {
        case .line(let line): return try Self.reply(from: line, path: path)
        case .timedOut:
            throw ClientError(kind: .timedOut, path: path, detail: "no reply within \(Self.secondsText(timeout))")
        case .closed: throw closedError("before replying")
        }
    }

    /// Parses `line` as a reply; anything but a JSON object is a protocol error.
    public static func reply(from line: String, path: String) throws(ClientError) -> Reply {
        let value: JSONValue
        do {
            value = try JSONValue.parse(line)
        } catch {
            throw ClientError(kind: .protocolError, path: path, detail: "not JSON, \(error): \(excerpt(line))")
        }
        guard value.object != nil else {
            throw ClientError(kind: .protocolError, path: path, detail: "expected a JSON object: \(excerpt(line))")
        }
        return Reply(line: line, value: value)
    }

    /// Waits up to `timeout` seconds (nil: without limit) for the next complete line.
    public func nextLine(timeout: Double?) throws(ClientError) -> Incoming {
        let deadline = timeout.map { monotonicSeconds() + max(0, $0) }
        while true {
            if let line = try takeLine() { return .line(line) }
            if sawEndOfFile || descriptor < 0 {
                if pending.isEmpty { return .closed }
                // A last line without its newline is still a line the daemon meant to send.
                let line = try Self.text(of: pending[...], path: path)
                pending.removeAll()
                scanned = 0
                return .line(line)
            }
            let waitMilliseconds: Int32
            if let deadline {
                let left = deadline - monotonicSeconds()
                if left <= 0 { return .timedOut }
                waitMilliseconds = Int32(min(left * 1000, Double(Int32.max)).rounded(.up))
            } else {
                waitMilliseconds = -1
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, waitMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw Self.systemError(errno, path: path, during: "poll")
            }
            if ready == 0 { continue }  // the deadline check above decides
            try fill()
        }
    }

    // MARK: - Private

    private func connect() throws(ClientError) {
        guard !path.isEmpty, let address = UnixSocketAddress(path: path) else {
            throw ClientError(kind: .invalidPath, path: path,
                              detail: "a socket path must have 1 to \(UnixSocketAddress.capacity - 1) bytes, this one has \(path.utf8.count)")
        }
        try Self.checkDirectory(of: path)
        // On Linux a blocking connect to a Unix socket whose backlog is full waits up to
        // SO_SNDTIMEO, so this bounds connecting as well as every later write.
        var limit = Self.timeval(seconds: timeout)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        while true {
            let result = address.withSockaddr { Glibc.connect(descriptor, $0, $1) }
            if result == 0 { return try checkPeer() }
            let code = errno
            switch code {
            case EINTR: continue
            case ENOENT, ENOTDIR:
                throw ClientError(kind: .socketMissing, path: path, detail: Self.errorText(code), errno: code)
            case ECONNREFUSED:
                throw ClientError(kind: .connectionRefused, path: path, detail: Self.errorText(code), errno: code)
            case EACCES, EPERM:
                throw ClientError(kind: .permissionDenied, path: path, detail: Self.errorText(code), errno: code)
            case EAGAIN, EINPROGRESS, ETIMEDOUT:
                throw ClientError(kind: .timedOut, path: path,
                                  detail: "connecting took longer than \(Self.secondsText(timeout))", errno: code)
            case ENOTSOCK, EPROTOTYPE, ENAMETOOLONG, ELOOP:
                throw ClientError(kind: .invalidPath, path: path, detail: Self.errorText(code), errno: code)
            default:
                throw Self.systemError(code, path: path, during: "connect")
            }
        }
    }

    /// Refuses a socket whose directory another user could have put it in: the directory
    /// must belong to this user or root and be writable by nobody else. (With neither
    /// XDG_RUNTIME_DIR nor RELIEF_SOCKET set the socket is in /tmp/relief-UID, which anyone
    /// could have created first.) A missing directory is left to `connect` to report.
    static func checkDirectory(of path: String) throws(ClientError) {
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        var info = stat()
        guard stat(directory, &info) == 0 else { return }
        let user = getuid()
        if info.st_uid != user && info.st_uid != 0 {
            throw ClientError(kind: .untrusted, path: path,
                              detail: "its directory \(directory) belongs to uid \(info.st_uid), not to you (uid \(user)); another user may have planted it. Remove the directory or set RELIEF_SOCKET")
        }
        if info.st_mode & 0o022 != 0 {
            throw ClientError(kind: .untrusted, path: path,
                              detail: "its directory \(directory) is writable by others (mode \(String(info.st_mode & 0o7777, radix: 8))); another user could replace the socket. Make it 0700 (chmod 700 \(directory)) or set RELIEF_SOCKET")
        }
    }

    /// Refuses a server run by another user (SO_PEERCRED): only this user's reliefd, or
    /// root's, is believed.
    private func checkPeer() throws(ClientError) {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }, which Swift's Glibc does not import.
        var credentials: (pid: Int32, uid: UInt32, gid: UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout.size(ofValue: credentials))
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else {
            throw Self.systemError(errno, path: path, during: "getsockopt(SO_PEERCRED)")
        }
        let user = getuid()
        guard credentials.uid == user || credentials.uid == 0 else {
            throw ClientError(kind: .untrusted, path: path,
                              detail: "the server there runs as uid \(credentials.uid) (pid \(credentials.pid)), not as you (uid \(user)) or root; it is not your reliefd")
        }
    }

    /// Returns the next complete line from the buffer, if there is one.
    private func takeLine() throws(ClientError) -> String? {
        guard let newline = pending[scanned...].firstIndex(of: 0x0A) else {
            scanned = pending.count
            if pending.count > Self.maximumLineLength {
                throw ClientError(kind: .protocolError, path: path,
                                  detail: "a reply line is longer than \(Self.maximumLineLength) bytes")
            }
            return nil
        }
        var end = newline
        if end > 0, pending[end - 1] == 0x0D { end -= 1 }  // tolerate CRLF from hand-typed servers
        let line = try Self.text(of: pending[..<end], path: path)
        pending.removeSubrange(...newline)
        scanned = 0
        return line
    }

    /// Reads what is available into the buffer; notes end of file.
    private func fill() throws(ClientError) {
        while true {
            // Read into uninitialised room: zeroing a 64 KiB chunk on every read was a
            // measurable part of a `relief-ctl status`.
            let count = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65536) { chunk in
                let result = read(descriptor, chunk.baseAddress, chunk.count)
                if result > 0 { pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<result])) }
                return result
            }
            if count > 0 { return }
            if count == 0 {
                sawEndOfFile = true
                return
            }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return
            case ECONNRESET:
                sawEndOfFile = true
                return
            default: throw Self.systemError(code, path: path, during: "read")
            }
        }
    }

    private func closedError(_ detail: String) -> ClientError {
        ClientError(kind: .connectionClosed, path: path, detail: detail)
    }

    private static func text(of bytes: ArraySlice<UInt8>, path: String) throws(ClientError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ClientError(kind: .protocolError, path: path, detail: "a reply line is not valid UTF-8")
        }
        return text
    }

    private static func systemError(_ code: Int32, path: String, during call: String) -> ClientError {
        ClientError(kind: .system, path: path, detail: "\(call): \(errorText(code))", errno: code)
    }

    static func errorText(_ code: Int32) -> String { errnoText(code) }

    /// The start of a long line, for error messages.
    static func excerpt(_ line: String) -> String {
        let limit = 120
        let printable = String(line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return printable.count <= limit ? printable : String(printable.prefix(limit)) + "…"
    }

    static func secondsText(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    private static func timeval(seconds: Double) -> Glibc.timeval {
        let clamped = max(0.001, min(seconds, 86_400))
        let whole = clamped.rounded(.towardZero)
        return Glibc.timeval(tv_sec: Int(whole), tv_usec: Int((clamped - whole) * 1_000_000))
    }

}
