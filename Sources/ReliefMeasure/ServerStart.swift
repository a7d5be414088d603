@_exported import ReliefSystem
import Glibc

/// Starts the server `arguments` (its stderr to `log`) and waits until it accepts connections
/// on `socketPath`, polling every `interval` seconds for at most `timeout`. When it cannot
/// start, dies or times out, stops it, calls `cleanUp` and throws `failure` with why (and
/// the end of its log).
func startServer<Failure: Error>(_ arguments: [String], environment: [String: String], socketPath: String, log: String,
                                 timeout: Double, interval: Double, cleanUp: () -> Void,
                                 failure: (String) -> Failure) throws -> ChildProcess {
    let process: ChildProcess
    do {
        process = try ChildProcess(arguments, environment: environment, errorLog: log)
    } catch {
        cleanUp()
        throw failure("\(error)")
    }
    let name = arguments[0]
    var waited = 0.0
    while !acceptsConnections(socketPath) {
        if !process.isRunning || waited >= timeout {
            let bytes = (try? SafeFile.read(log, limit: 1 << 20, what: "a server log")) ?? []
            process.stop(within: 2)
            cleanUp()
            throw failure("\(name) did not start within \(timeout) s: \(String(decoding: bytes, as: UTF8.self).suffix(600))")
        }
        usleep(useconds_t(interval * 1_000_000))
        waited += interval
    }
    return process
}

/// Whether something accepts connections on the Unix socket at `path`.
func acceptsConnections(_ path: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return withUnixAddress(path) { connect(fd, $0, $1) == 0 } ?? false
}
