import CSystemd
import Dispatch
import Logging
import Synchronization
import Glibc
import ReliefSystem

/// One connection to the session or system bus through sd-bus, driven on a Dispatch queue:
/// a read source (and a write source while output is queued) on `sd_bus_get_fd`, a timer at
/// `sd_bus_get_timeout`, and `sd_bus_process` until it has nothing left. Nothing ever blocks.
///
/// What you export, the names you request and the signals you subscribe to are remembered and
/// set up again on every new connection: when the bus goes away the connection keeps running,
/// and when the bus socket reappears (sd-bus watches for it with inotify, so no polling) it
/// reconnects. Without a bus address at all (a headless login) it logs one notice and stays idle.
///
/// Every method may be called from any thread; handlers, getters and replies run on `queue`.
public final class BusConnection: @unchecked Sendable {
    /// What the connection is doing.
    public enum State: Sendable, Equatable {
        /// Not connected (yet): no bus, or waiting for it to (re)appear.
        case waiting
        /// Connected and greeted by the bus: calls and exports work.
        case connected
    }

    /// Which bus.
    public let kind: BusAddress.Kind
    /// The queue everything runs on.
    public let queue: DispatchQueue
    /// Where the bus is; nil when there is none to connect to.
    public let address: BusAddress?

    let logger: Logger
    private let connectedFlag = Mutex(false)
    private var stateHandlers: [@Sendable (State) -> Void] = []
    var started = false

    // The live connection (on queue).
    var bus: OpaquePointer?
    /// Slots of the live connection (exports, matches), released before the bus itself.
    var liveSlots: [ObjectIdentifier: [OpaquePointer]] = [:]
    /// sd-bus's fd (number and inode) the sources watch, through a duplicate of our own.
    private var descriptor: (number: Int32, inode: UInt64) = (-1, 0)
    private var readSource: (any DispatchSourceRead)?
    private var writeSource: (any DispatchSourceWrite)?
    private var writing = false
    private let timer: any DispatchSourceTimer
    var ready = false
    private var retryDelay = 1.0
    /// A fresh connection attempt after a wake-up that did not connect (see `wokeUp`).
    var recheck: DispatchWorkItem?
    var recheckDelay = BusConnection.firstRecheck
    static let firstRecheck = 0.1
    private var noticeGiven = false

    // What every connection sets up again (on queue).
    var exports: [ObjectIdentifier: BusExport] = [:]
    var names: [(String, (@Sendable (Bool) -> Void)?)] = []
    var subscriptions: [ObjectIdentifier: BusSubscription] = [:]

    /// A connection to `kind`'s bus as `environment` locates it. Call `start()` to connect.
    public init(_ kind: BusAddress.Kind, queue: DispatchQueue, environment: [String: String], logger: Logger) {
        self.kind = kind
        self.queue = queue
        self.logger = logger
        address = BusAddress.resolve(kind, environment: environment)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { [weak self] in self?.timerFired() }
        timer.resume()
    }

    deinit {
        // Nothing else refers to the connection now (every handler holds it weakly).
        started = false
        tearDown()
        timer.cancel()
    }

    /// Whether the connection is up right now (any thread).
    public var isConnected: Bool { connectedFlag.withLock { $0 } }

    /// Calls `handler` on the queue whenever the state changes (add before `start()`).
    public func onStateChange(_ handler: @escaping @Sendable (State) -> Void) {
        queue.async { self.stateHandlers.append(handler) }
    }

    /// Connects, and keeps connecting whenever the bus comes back. A second call does nothing.
    public func start() {
        queue.async {
            guard !self.started else { return }
            self.started = true
            guard let address = self.address else {
                self.logger.notice("no \(self.kind.rawValue) bus (DBUS_SESSION_BUS_ADDRESS is unset and there is no $XDG_RUNTIME_DIR/bus); running without it")
                return
            }
            if let path = address.socketPath, access(path, F_OK) != 0 {
                self.noticeGiven = true
                self.logger.notice("no \(self.kind.rawValue) bus at \(path) yet; connecting when it appears")
            }
            self.connect()
        }
    }

    /// Closes the connection for good (handlers stay, nothing reconnects).
    public func close() {
        queue.sync {
            started = false
            tearDown()
        }
    }

    // MARK: Connecting (on queue)

    func connect() {
        guard started, bus == nil, let address else { return }
        var created: OpaquePointer?
        var result = sd_bus_new(&created)
        guard result >= 0, let created else {
            logger.warning("\(kind.rawValue) bus: cannot create a connection: \(errnoText(-result))")
            return retryLater()
        }
        _ = sd_bus_set_description(created, "relief-\(kind.rawValue)")
        result = address.text.withCString { sd_bus_set_address(created, $0) }
        if result >= 0 { result = sd_bus_set_bus_client(created, 1) }
        // The session bus only carries our own user's peers; the system bus does not.
        if result >= 0 { result = sd_bus_set_trusted(created, kind == .session ? 1 : 0) }
        // A missing or stale socket is watched with inotify rather than polled.
        if result >= 0 { result = sd_bus_set_watch_bind(created, 1) }
        if result >= 0 { result = sd_bus_start(created) }
        guard result >= 0 else {
            sd_bus_unref(created)
            if !noticeGiven {
                noticeGiven = true
                logger.notice("\(kind.rawValue) bus at \(address.text): \(errnoText(-result)); retrying")
            }
            return retryLater()
        }
        bus = created
        retryDelay = 1
        setUpEverything()
        process()
    }

    /// For failures sd-bus cannot watch for (not a Unix socket path): try again, backing off to a minute.
    private func retryLater() {
        let delay = retryDelay
        retryDelay = min(retryDelay * 2, 60)
        queue.asyncAfter(deadline: .now() + delay) { [weak self] in self?.connect() }
    }

    /// The connection is gone: drop it and start over (sd-bus waits for the socket).
    private func lost() {
        let wasReady = ready
        tearDown()
        if wasReady || !noticeGiven {
            noticeGiven = true
            logger.notice("\(kind.rawValue) bus connection lost; reconnecting when it returns")
        }
        connect()
    }

    func tearDown() {
        setReady(false)
        for slots in liveSlots.values { for slot in slots { sd_bus_slot_unref(slot) } }
        liveSlots = [:]
        timer.schedule(deadline: .distantFuture)
        let old = bus
        bus = nil
        let sources: [any DispatchSourceProtocol] = [readSource, writeSource].compactMap { $0 }
        if writeSource != nil, !writing { writeSource?.resume() }  // a suspended source cannot finish cancelling
        readSource = nil
        writeSource = nil
        writing = false
        descriptor = (-1, 0)
        for source in sources { source.cancel() }  // closes their duplicate fd once done
        if let old { sd_bus_close_unref(old) }
    }

    private func setReady(_ now: Bool) {
        guard now != ready else { return }
        ready = now
        connectedFlag.withLock { $0 = now }
        if now {
            recheck?.cancel()
            recheck = nil
            recheckDelay = Self.firstRecheck
            noticeGiven = false
            logger.info("connected to the \(kind.rawValue) bus")
        }
        for handler in stateHandlers { handler(now ? .connected : .waiting) }
    }

    // MARK: Driving sd-bus (on queue)

    /// Runs `sd_bus_process` until it has nothing to do, then re-arms the sources.
    func process() {
        guard let bus else { return }
        for _ in 0..<64 {
            let result = sd_bus_process(bus, nil)
            guard self.bus == bus else { return }  // a handler closed it
            if result < 0 || sd_bus_is_open(bus) <= 0 { return lost() }
            if result == 0 {
                setReady(sd_bus_is_ready(bus) > 0)
                return rearm()
            }
        }
        // Plenty more to do: let other work on the queue run first.
        rearm()
        queue.async { [weak self] in self?.process() }
    }

    /// Points the read/write sources at the current fd and the timer at the next timeout.
    /// Safe inside handlers, after queueing output.
    func rearm() {
        guard let bus else { return }
        // Changes when sd-bus goes from watching for the socket (inotify) to using it.
        let fd = sd_bus_get_fd(bus)
        var info = stat()
        let inode = fd >= 0 && fstat(fd, &info) == 0 ? UInt64(info.st_ino) : 0
        if fd != descriptor.number || inode != descriptor.inode { replaceSources(fd, inode: inode) }
        let events = sd_bus_get_events(bus)
        let wantWrite = events > 0 && (Int16(truncatingIfNeeded: events) & Int16(POLLOUT)) != 0
        if wantWrite != writing, let writeSource {
            if wantWrite { writeSource.resume() } else { writeSource.suspend() }
            writing = wantWrite
        }
        var usec: UInt64 = 0
        if sd_bus_get_timeout(bus, &usec) >= 0, usec != UInt64.max {
            let nowUsec = monotonicMicroseconds()
            let delay = usec > nowUsec ? usec - nowUsec : 0
            timer.schedule(deadline: .now() + .microseconds(Int(min(delay, UInt64(Int32.max)))), leeway: .milliseconds(1))
        } else {
            timer.schedule(deadline: .distantFuture)
        }
    }

    /// Watches `fd` through a duplicate that only the sources own (closed when both are
    /// cancelled), because sd-bus closes its fds whenever it likes (the inotify fd once the
    /// socket connects) and Dispatch must never see a number it registered closed or reused.
    private func replaceSources(_ fd: Int32, inode: UInt64) {
        let old: [any DispatchSourceProtocol] = [readSource, writeSource].compactMap { $0 }
        if writeSource != nil, !writing { writeSource?.resume() }
        for source in old { source.cancel() }
        readSource = nil
        writeSource = nil
        writing = false
        descriptor = (fd, inode)
        guard fd >= 0 else { return }
        let own = fcntl(fd, F_DUPFD_CLOEXEC, 3)
        guard own >= 0 else {
            logger.warning("\(kind.rawValue) bus: cannot watch the connection: \(errnoText(errno))")
            return
        }
        let group = DispatchGroup()
        let read = DispatchSource.makeReadSource(fileDescriptor: own, queue: queue)
        read.setEventHandler { [weak self] in self?.wokeUp() }
        let write = DispatchSource.makeWriteSource(fileDescriptor: own, queue: queue)
        write.setEventHandler { [weak self] in self?.process() }
        for source in [read, write] as [any DispatchSourceProtocol] {
            group.enter()
            source.setCancelHandler { group.leave() }
        }
        group.notify(queue: queue) { _ = Glibc.close(own) }
        read.resume()
        readSource = read
        writeSource = write  // suspended until sd-bus has output waiting
    }

    private func timerFired() {
        timer.schedule(deadline: .distantFuture)
        process()
    }
}
