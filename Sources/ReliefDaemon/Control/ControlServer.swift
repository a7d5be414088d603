import CReliefShim
import Dispatch
import Logging
import ReliefAudio
import ReliefProtocol
import Glibc
import ReliefSystem

/// The control socket's server: accepts clients, checks who they are, answers their requests
/// through the command table and streams events to subscribers.
///
/// All connection state lives on one serial queue, separate from the scheduler's, so a slow
/// or hostile client can never delay a cue.
public final class ControlServer: @unchecked Sendable {
    /// The queue every connection runs on.
    public let queue = DispatchQueue(label: "relief.control")
    private let socket: ControlSocket
    private let commands: CommandTable
    private let logger: Logger
    private let acceptSource: any DispatchSourceRead
    private let retryTimer: any DispatchSourceTimer
    private let scratch = ScratchBuffer()
    private var connections: [Int: Connection] = [:]
    private var subscribers: [Int: Connection] = [:]
    private var nextID = 0
    private var acceptPaused = false
    /// When accepting first failed for want of descriptors; nil while it works.
    private var exhaustedSince: Double?
    /// How long accepting pauses when out of descriptors.
    static let acceptRetryDelay = DispatchTimeInterval.milliseconds(100)

    /// Called on the server's queue after a `quit` reply has been handed to the socket
    /// (set before `start()`); the daemon ends itself there.
    public var onQuit: @Sendable () -> Void = {}

    /// A server on `socket` answering with `commands`; call `start()` to accept clients.
    public init(socket: ControlSocket, commands: CommandTable, logger: Logger) {
        self.socket = socket
        self.commands = commands
        self.logger = logger
        acceptSource = DispatchSource.makeReadSource(fileDescriptor: socket.descriptor, queue: queue)
        retryTimer = DispatchSource.makeTimerSource(queue: queue)
        acceptSource.setEventHandler { [unowned self] in acceptClients() }
        retryTimer.setEventHandler { [unowned self] in retryAccepting() }
    }

    /// Starts accepting clients.
    public func start() {
        // Armed once now, so the timer's descriptor exists before descriptors can run out.
        retryTimer.schedule(deadline: .now(), repeating: .never)
        retryTimer.resume()
        acceptSource.resume()
    }

    /// Sends `event` to every subscriber (from any thread; never blocks the caller).
    public func broadcast(_ event: Event) {
        queue.async { [self] in
            guard !subscribers.isEmpty, let line = try? Wire.line(event) else { return }
            for subscriber in subscribers.values { subscriber.deliver(line) }
        }
    }

    private func acceptClients() {
        while !acceptPaused {
            let descriptor: Int32
            do {
                descriptor = try systemCall("accept") { accept(socket.descriptor, nil, nil) }
            } catch {
                switch error.errno {
                case EAGAIN, EWOULDBLOCK:
                    // Every waiting client accepted: an episode without descriptors is over.
                    if let since = exhaustedSince {
                        exhaustedSince = nil
                        logger.notice("accepting clients again: every waiting client was accepted \(Int((MonotonicClock.now() - since) * 1000)) ms after descriptors ran out")
                    }
                    return
                case ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    outOfDescriptors(error)
                    return
                default:
                    logger.error("cannot accept a client: \(error)")
                    return
                }
            }
            serve(descriptor)
        }
    }

    /// No descriptor for the next client: pause accepting (not spin on it) and try again as
    /// soon as a client leaves, or after `acceptRetryDelay` for descriptors freed elsewhere;
    /// the episode is logged once.
    ///
    /// The retry calls `accept` itself: the source does not fire again for connections that
    /// were already queued. And it cannot wait on a timer made now: libdispatch opens a
    /// timer's descriptor lazily, which fails at EMFILE, and the daemon stayed deaf for good.
    /// `retryTimer` is made and armed once at start, so its descriptor exists already.
    private func outOfDescriptors(_ error: SystemError) {
        if exhaustedSince == nil {
            exhaustedSince = MonotonicClock.now()
            logger.error("cannot accept clients: out of descriptors (\(error)); waiting clients are answered as soon as some are free")
        }
        if !acceptPaused {
            acceptPaused = true
            acceptSource.suspend()
        }
        retryTimer.schedule(deadline: .now() + Self.acceptRetryDelay, repeating: .never)
    }

    /// A descriptor came free (a client left) or the retry delay passed: accept again.
    private func retryAccepting() {
        guard acceptPaused else { return }
        acceptPaused = false
        acceptSource.resume()
        acceptClients()
    }

    private func serve(_ descriptor: Int32) {
        do {
            try makeNonBlockingAndCloseOnExec(descriptor)
        } catch {
            logger.error("cannot set up a client connection: \(error)")
            closeDescriptor(descriptor)
            return
        }
        nextID += 1
        let connection = Connection(id: nextID, descriptor: descriptor, queue: queue, scratch: scratch,
                                    respond: { [unowned self] request, connection in answer(request, from: connection) },
                                    closed: { [unowned self] connection in
                                        connections[connection.id] = nil
                                        subscribers[connection.id] = nil
                                        // Its descriptor is released once its sources are cancelled.
                                        if acceptPaused { queue.async { [self] in retryAccepting() } }
                                    })
        connections[connection.id] = connection
        var pid: pid_t = 0, uid: uid_t = 0, gid: gid_t = 0
        guard relief_peer_credentials(descriptor, &pid, &uid, &gid) == 0 else {
            logger.warning("cannot read a client's credentials (errno \(errno)); closing it")
            connection.close()
            return
        }
        if uid != geteuid(), uid != 0 {
            logger.warning("refused a client of uid \(uid) (pid \(pid)): only uid \(geteuid()) and root may control this daemon")
            connection.refuse(Connection.errorLine(ProtocolError(
                .forbidden, "this reliefd serves uid \(geteuid()) only; run relief-ctl as that user")))
            return
        }
        connection.readWaitingRequests()
    }

    private func answer(_ request: Request, from connection: Connection) -> [UInt8] {
        if case .subscribe = request {
            connection.subscribe()
            subscribers[connection.id] = connection
        }
        if case .quit = request {
            // After this turn of the queue, which writes the reply.
            queue.async { [self] in onQuit() }
        }
        return commands.reply(to: request)
    }
}
