#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: the C function that failed and its errno.
///
/// Every syscall of the daemon goes through `systemCall(_:_:)`, so errno is read in exactly
/// one place and EINTR is never seen by callers.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The C function that failed, e.g. `bind`.
    public var function: String
    /// Its errno.
    public var errno: Int32

    /// Creates an error for `function` failing with `errno`.
    public init(function: String, errno: Int32) {
        self.function = function
        self.errno = errno
    }

    /// `bind: Permission denied`.
    public var description: String { "\(function): \(String(cString: strerror(errno)))" }
}

/// Calls `body` (one C call returning -1 on failure), retrying while it fails with EINTR.
/// Any other failure becomes a `SystemError` naming `function`.
@discardableResult
func systemCall<Result: FixedWidthInteger>(_ function: String, _ body: () -> Result) throws(SystemError) -> Result {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code != EINTR { throw SystemError(function: function, errno: code) }
    }
}

/// Closes `descriptor`, ignoring errors: on Linux the descriptor is released even when
/// `close(2)` reports EINTR or EIO, so retrying could close someone else's descriptor.
func closeDescriptor(_ descriptor: Int32) {
    _ = Glibc.close(descriptor)
}

/// Makes `descriptor` non-blocking and close-on-exec (`fcntl` F_SETFL/F_SETFD), as every
/// descriptor the daemon serves from must be.
func makeNonBlockingAndCloseOnExec(_ descriptor: Int32) throws(SystemError) {
    let flags = try systemCall("fcntl") { fcntl(descriptor, F_GETFL) }
    try systemCall("fcntl") { fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
    let fdFlags = try systemCall("fcntl") { fcntl(descriptor, F_GETFD) }
    try systemCall("fcntl") { fcntl(descriptor, F_SETFD, fdFlags | FD_CLOEXEC) }
}
