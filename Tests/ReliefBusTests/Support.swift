import Glibc
import Logging
import ReliefMeasure
import Synchronization

/// A value set from bus callbacks and read by the test.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
    var current: Value { value.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
}

/// Polls `condition` every 5 ms for at most `timeout` seconds (real processes answer when they do).
func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    var waited = 0.0
    while !condition() {
        if waited >= timeout { return false }
        usleep(5_000)
        waited += 0.005
    }
    return true
}

/// Runs a command to completion (bounded) and returns its exit status and standard output.
func run(_ arguments: [String], timeout: Double = 10) throws -> (status: String, output: String) {
    guard let directory = makeTemporaryDirectory(prefix: "relief-run") else { return ("no temp dir", "") }
    defer { removeTree(directory) }
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    let child = try ChildProcess(arguments, environment: ["PATH": path], output: .file("\(directory)/out"))
    if !child.waitForExit(timeout: timeout) { child.kill() }
    let fd = open("\(directory)/out", O_RDONLY)
    var bytes: [UInt8] = []
    if fd >= 0 {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        close(fd)
    }
    return (child.ending ?? "unknown", String(decoding: bytes, as: UTF8.self))
}

let testLogger: Logger = {
    var logger = Logger(label: "relief-bus-test")
    logger.logLevel = .critical
    return logger
}()
