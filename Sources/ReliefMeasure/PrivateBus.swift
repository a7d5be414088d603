import Glibc

/// A private D-Bus "session" bus (`dbus-daemon --session`) on a socket in a temporary
/// directory, for tests and benchmarks that must never touch the user's own bus.
/// Started and stopped by PID, every wait bounded.
public final class PrivateBus: @unchecked Sendable {  // fields are immutable after init
    /// The directory holding the socket and the daemon's log.
    public let directory: String
    /// The bus socket.
    public let socketPath: String
    private let process: ChildProcess
    private let ownsDirectory: Bool

    /// The address clients use (`DBUS_SESSION_BUS_ADDRESS`, `busctl --address`, `dbus-send --bus`).
    public var address: String { "unix:path=\(socketPath)" }

    /// Whether `dbus-daemon` is installed.
    public static var isAvailable: Bool { isInstalled("dbus-daemon") }

    /// Why the bus could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts the bus and waits (at most `timeout` seconds) until it accepts connections.
    /// With `directory` (that of a bus that was stopped), the new bus listens on the same
    /// socket, as a restarted session bus would; the first owner removes the directory.
    public init(directory existing: String? = nil, timeout: Double = 10) throws {
        guard let directory = existing ?? makeTemporaryDirectory(prefix: "relief-bus") else {
            throw StartError(description: "cannot create a temporary directory")
        }
        self.directory = directory
        ownsDirectory = existing == nil
        socketPath = "\(directory)/bus"
        unlink(socketPath)
        let log = "\(directory)/dbus-daemon.log"
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        process = try startServer(["dbus-daemon", "--session", "--nofork", "--nopidfile", "--address=unix:path=\(socketPath)"],
                                  environment: ["PATH": path, "HOME": directory], socketPath: socketPath, log: log,
                                  timeout: timeout, interval: 0.005, cleanUp: { if existing == nil { removeTree(directory) } },
                                  failure: { StartError(description: $0) })
    }

    deinit { stop() }

    /// The daemon's PID.
    public var pid: pid_t { process.pid }

    /// Ends the bus (SIGKILL: dbus-daemon --session takes its time over SIGTERM; clients see
    /// the same end of the connection) and removes its socket, keeping the directory (so that
    /// a new bus can take the same address).
    public func shutDown() {
        process.kill()
        unlink(socketPath)
    }

    /// Ends the bus and removes its directory when it created it.
    public func stop() {
        shutDown()
        if ownsDirectory { removeTree(directory) }
    }
}
