import Glibc

/// The machine a figure was measured on: CPU model and count, memory, kernel.
enum Machine {
    static var description: String {
        let cpuinfo = readText("/proc/cpuinfo") ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingSpaces } ?? "unknown CPU"
        let cpus = cpuinfo.split(separator: "\n").filter { $0.hasPrefix("processor") }.count
        let memory = (readText("/proc/meminfo") ?? "").split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }.map { "\($0 / 1024 / 1024) GiB RAM" } ?? "unknown RAM"
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        }
        return "\(model), \(cpus) CPUs online to this machine, \(memory); \(field(names.sysname)) \(field(names.release)) \(field(names.machine))"
    }

    /// The current UTC date and time, `YYYY-MM-DD HH:MM UTC`.
    static var date: String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
    }

    /// The 1-minute load average: other work on the machine skews every figure.
    static var load: String {
        (readText("/proc/loadavg") ?? "").split(separator: " ").first.map(String.init) ?? "?"
    }
}
