import Glibc
import ReliefSystem

/// A descriptor systemd passed to this process, with its `FileDescriptorName=`.
public struct PassedDescriptor: Equatable, Sendable {
    /// The file descriptor number (3, 4, … in the order of the socket unit's listeners).
    public let descriptor: Int32
    /// Its name from `$LISTEN_FDNAMES`; `"unknown"` when systemd passed no names.
    public let name: String
}

/// The control socket systemd passed in, checked and ready for `accept`.
public struct ActivatedSocket: Equatable, Sendable {
    /// The listening socket; close-on-exec is set. Use it as it is: binding again would
    /// replace the socket systemd listens on.
    public let descriptor: Int32
    /// Its `FileDescriptorName=` (`control` in reliefd.socket).
    public let name: String
    /// The address it listens on (a path, or `@name` for an abstract socket), for logs and
    /// status. The daemon must not unlink it on exit: the socket unit owns the file.
    public let path: String
}

/// Socket activation (sd_listen_fds(3)) without libsystemd.
///
/// When reliefd.socket starts reliefd, systemd has already bound and is listening on the
/// control socket; it passes it as descriptor 3 and describes it in `LISTEN_PID`, `LISTEN_FDS`
/// and `LISTEN_FDNAMES`. The daemon takes that descriptor instead of binding, so the client
/// whose connection triggered the start is answered on the same socket.
public enum SocketActivation {
    /// The first passed descriptor, fixed by the protocol (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: Int32 = 3
    /// The variables systemd sets; all are removed from the environment once read.
    public static let variables = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]
    /// The `FileDescriptorName=` of the control socket in reliefd.socket.
    public static let controlSocketName = "control"

    /// Reads the passed descriptors from `environment` without touching them. Returns an empty
    /// list when this process was not socket-activated: no `LISTEN_PID`/`LISTEN_FDS`, or a
    /// `LISTEN_PID` naming another process (the variables were inherited, not meant for us).
    /// Throws when the variables are present but malformed.
    public static func passedDescriptors(
        environment: [String: String], pid: pid_t, firstDescriptor: Int32 = firstDescriptor
    ) throws(SystemdError) -> [PassedDescriptor] {
        guard let pidText = environment["LISTEN_PID"], let countText = environment["LISTEN_FDS"] else { return [] }
        guard let listenPID = pid_t(pidText), listenPID > 0 else {
            throw SystemdError("LISTEN_PID=\(pidText) is not a process id")
        }
        guard listenPID == pid else { return [] }
        guard let count = Int32(countText), count >= 0, count <= Int32.max - firstDescriptor else {
            throw SystemdError("LISTEN_FDS=\(countText) is not a count of descriptors")
        }
        guard count > 0 else { return [] }
        var names = Array(repeating: "unknown", count: Int(count))
        if let namesText = environment["LISTEN_FDNAMES"] {
            let given = namesText.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard given.count == Int(count) else {
                throw SystemdError("LISTEN_FDNAMES=\(namesText) names \(given.count) descriptors but LISTEN_FDS=\(count)")
            }
            names = given
        }
        return names.enumerated().map { PassedDescriptor(descriptor: firstDescriptor + Int32($0.offset), name: $0.element) }
    }

    /// Picks the control socket among the passed descriptors: the only one, or the one named
    /// `control`. Returns `nil` when nothing was passed.
    public static func controlDescriptor(among passed: [PassedDescriptor]) throws(SystemdError) -> PassedDescriptor? {
        if passed.count <= 1 { return passed.first }
        if let named = passed.first(where: { $0.name == controlSocketName }) { return named }
        let names = passed.map(\.name).joined(separator: ", ")
        throw SystemdError("systemd passed \(passed.count) sockets (\(names)) and none is named \"\(controlSocketName)\"; give the control socket FileDescriptorName=\(controlSocketName)")
    }

    /// Takes the control socket systemd passed to this process, if any: reads and unsets
    /// `LISTEN_*`, sets close-on-exec on every passed descriptor, closes those it does not use,
    /// and checks that the chosen one is a listening Unix stream socket.
    ///
    /// Returns `nil` when the process was not socket-activated (bind your own socket then).
    /// Call it early in `main`, before other threads read the environment or open files.
    ///
    /// - Parameters:
    ///   - environment: the variables to read; `nil` reads the process environment.
    ///   - pid: this process's id; `nil` is `getpid()`.
    ///   - unsetVariable: removes a variable; tests pass a recorder instead of `unsetenv`.
    public static func takeControlSocket(
        environment: [String: String]? = nil,
        pid: pid_t? = nil,
        firstDescriptor: Int32 = firstDescriptor,
        unsetVariable: (String) -> Void = { _ = unsetenv($0) }
    ) throws(SystemdError) -> ActivatedSocket? {
        let values = environment ?? Dictionary(uniqueKeysWithValues: variables.compactMap { name in
            getenv(name).map { (name, String(cString: $0)) }
        })
        // Unset first, whatever happens next, so children never see descriptors they don't have.
        variables.forEach(unsetVariable)
        let passed = try passedDescriptors(environment: values, pid: pid ?? getpid(), firstDescriptor: firstDescriptor)
        for descriptor in passed {
            _ = fcntl(descriptor.descriptor, F_SETFD, FD_CLOEXEC)
        }
        guard let control = try controlDescriptor(among: passed) else { return nil }
        for other in passed where other != control {
            close(other.descriptor)
        }
        let path = try listeningAddress(of: control.descriptor)
        return ActivatedSocket(descriptor: control.descriptor, name: control.name, path: path)
    }

    /// Checks that `descriptor` is a listening Unix stream socket (`SO_TYPE`, `SO_ACCEPTCONN`,
    /// `getsockname`) and returns its address: a path, `@name` for an abstract socket, or
    /// `""` for an unnamed one. Throws, naming what is wrong, otherwise.
    public static func listeningAddress(of descriptor: Int32) throws(SystemdError) -> String {
        let type = try socketOption(descriptor, SO_TYPE, "SO_TYPE")
        guard type == Int32(SOCK_STREAM.rawValue) else {
            throw SystemdError("descriptor \(descriptor) from systemd is not a stream socket; use ListenStream= in reliefd.socket")
        }
        guard try socketOption(descriptor, SO_ACCEPTCONN, "SO_ACCEPTCONN") != 0 else {
            throw SystemdError("descriptor \(descriptor) from systemd is not listening; reliefd.socket must not use Accept=yes")
        }
        let address: UnixSocketAddress?
        do {
            address = try UnixSocketAddress.bound(to: descriptor)
        } catch {
            throw SystemdError("getsockname on descriptor \(descriptor) failed", errno: error.errno)
        }
        guard let address else {
            throw SystemdError("descriptor \(descriptor) from systemd is not a Unix socket; reliefd.socket must listen on a path")
        }
        return address.description
    }

    private static func socketOption(_ descriptor: Int32, _ option: Int32, _ name: String) throws(SystemdError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(descriptor, SOL_SOCKET, option, &value, &length) == 0 else {
            let error = Glibc.errno
            if error == ENOTSOCK || error == EBADF {
                throw SystemdError("descriptor \(descriptor) from systemd is not an open socket", errno: error)
            }
            throw SystemdError("getsockopt(\(name)) on descriptor \(descriptor) failed", errno: error)
        }
        return value
    }
}
