import Glibc

/// What one episode without descriptors did to reliefd.
struct DescriptorEpisodeResult {
    /// RLIMIT_NOFILE the daemon ran under, and the clients connected at once.
    var limit: Int
    var crowd: Int
    /// Seconds from the crowd leaving to the first answered ping; nil when none came in 10 s.
    var recovery: Double?
    /// Pings answered of those sent after it.
    var answered: Int
    var sent: Int
    /// Lines the daemon logged about the episode (one is right).
    var logged: Int
}

/// reliefd under a real RLIMIT_NOFILE (a shell's `ulimit -n`, then exec), more clients than it
/// has descriptors, then all of them gone: it must answer again at once and log it once.
enum DescriptorEpisode {
    static func run(bench: Bench, limit: Int = 64, crowd: Int = 100) throws -> DescriptorEpisodeResult {
        let home = bench.directory("emfile")
        let daemon = try DaemonUnderTest(bench: bench, home: home, arguments: ["--silent"],
                                         environment: bench.environment(home: home), log: "emfile.log",
                                         wrapper: ["/bin/sh", "-c", "ulimit -n \(limit) && exec \"$0\" \"$@\""])
        defer { daemon.stop() }
        guard daemon.waitUntilServing() != nil else { throw BenchError("reliefd under ulimit -n \(limit) did not start") }
        var clients = (0..<crowd).compactMap { _ in LineConnection(path: daemon.socketPath, receiveTimeout: 1) }
        _ = clients.last?.send(#"{"cmd":"ping"}"#)
        usleep(300_000)  // the daemon runs into the limit meanwhile
        clients.removeAll()
        let left = monotonicNow()
        var recovery: Double?
        while recovery == nil, monotonicNow() < left + 10 {
            if let reply = LineConnection(path: daemon.socketPath, receiveTimeout: 1)?.request(#"{"cmd":"ping"}"#),
               reply.contains("\"ok\":true") {
                recovery = monotonicNow() - left
            }
        }
        let sent = 20
        let answered = (0..<sent).filter { _ in daemon.request(#"{"cmd":"ping"}"#)?.contains("\"ok\":true") == true }.count
        let log = readText(daemon.logPath) ?? ""
        let logged = log.split(separator: "\n").filter { $0.contains("out of descriptors") }.count
        return DescriptorEpisodeResult(limit: limit, crowd: crowd, recovery: recovery, answered: answered, sent: sent, logged: logged)
    }
}
