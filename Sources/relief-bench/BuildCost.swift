import Glibc
import ReliefMeasure

/// What a fresh clone costs to build and test, from scripts/measure-build.sh (which clones
/// this checkout's HEAD into a temporary directory and times `make test`'s steps one by one).
struct BuildCost {
    /// `key value` lines of the script, in order.
    var figures: [(key: String, value: String)] = []
    /// Whether Package.swift is free of unsafe flags (`swift package dump-package`).
    var packageHasUnsafeFlags: Bool?

    func value(_ key: String) -> String? { figures.first { $0.key == key }?.value }
    func seconds(_ key: String) -> Double? { value(key).flatMap(Double.init) }

    /// A compile job line: "swift-frontend ReliefCore | 412 MiB | 21.3 s".
    func job(_ key: String) -> (name: String, mebibytes: Int, seconds: Double)? {
        guard let parts = value(key)?.split(separator: "|").map({ $0.trimmingSpaces }), parts.count == 3,
              let mebibytes = Int(parts[1].split(separator: " ").first ?? ""),
              let seconds = Double(parts[2].split(separator: " ").first ?? "") else { return nil }
        return (parts[0], mebibytes, seconds)
    }

    /// The longest a fresh clone's build and test may take (`make test` on this machine).
    static let timeout = 1500.0

    static func run(bench: Bench, packageRoot: String) throws -> BuildCost {
        let home = bench.directory("build")
        let output = "\(home)/figures.txt", log = "\(home)/measure-build.log"
        let environment = bench.environment(home: home)
        var cost = BuildCost()
        let dump = "\(home)/package.json"
        if let run = try? TimedRun.run(["swift", "package", "--package-path", packageRoot, "dump-package"],
                                       environment: environment, output: dump, timeout: 120), run.status == 0 {
            cost.packageHasUnsafeFlags = readText(dump)?.contains("unsafeFlags")
        }
        let run = try TimedRun.run(["\(packageRoot)/scripts/measure-build.sh", packageRoot], environment: environment,
                                   output: output, errorLog: log, timeout: timeout)
        for line in (readText(output) ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { cost.figures.append((String(parts[0]), String(parts[1]))) }
        }
        guard run.status == 0, cost.seconds("total_seconds") != nil else {
            let tail = (readText(log) ?? "").split(separator: "\n").suffix(5).joined(separator: " / ")
            throw BenchError("scripts/measure-build.sh exited \(run.status) after \(Int(run.seconds)) s: \(tail)")
        }
        return cost
    }
}

private extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
