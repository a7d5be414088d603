import Glibc
import ReliefCore
import ReliefMeasure
import ReliefProtocol

/// The result of feeding one parser malformed inputs in a child process.
struct FuzzResult {
    var kind: MalformedInputs.Kind
    var inputs: Int
    /// Inputs the parser refused with an error (the rest parsed into a valid value).
    var rejected: Int
    /// Exit status of the child: 0, or 128+signal when an input crashed it.
    var status: Int32
    /// Inputs done before the crash (to the last checkpoint), when it crashed.
    var reached: Int
    var seconds: Double
}

/// libFuzzer on the request decoder.
struct LibFuzzerResult {
    var runs: Int
    var seconds: Double
    var status: Int32
    var crashFiles: [String]
    var problem: String?
}

enum Robustness {
    /// The child's side (`relief-bench fuzz KIND SEED COUNT`): decodes every input in this
    /// process, printing a checkpoint every 10 000 inputs and the totals at the end.
    static func fuzzChild(kind: MalformedInputs.Kind, seed: UInt64, count: Int) {
        var inputs = MalformedInputs(kind: kind, seed: seed)
        var rejected = 0
        for index in 0..<count {
            let bytes = inputs.next()
            switch kind {
            case .request:
                do { _ = try Wire.request(from: bytes) } catch { rejected += 1 }
            case .routine:
                do { _ = try RoutineFile.parse(bytes: bytes, file: "fuzz.toml", expectedName: nil) } catch { rejected += 1 }
            case .config:
                // reliefd.toml's way in: the same front door, then the settings are read.
                do { _ = try TOMLInput.parse(try TOMLInput.text(of: bytes, file: "reliefd.toml"), file: "reliefd.toml", example: "") } catch { rejected += 1 }
            }
            if (index + 1) % 10_000 == 0 { writeOut("done \(index + 1) rejected \(rejected)\n") }
        }
        writeOut("done \(count) rejected \(rejected)\n")
    }

    /// Runs the child for `kind` (this executable, re-launched) and reads its report.
    static func fuzz(bench: Bench, kind: MalformedInputs.Kind, seed: UInt64) throws -> FuzzResult {
        let output = "\(bench.directory("fuzz-\(kind.rawValue)"))/report.txt"
        let run = try TimedRun.run([selfPath(), "fuzz", kind.rawValue, String(seed), String(bench.fuzzInputs)],
                                   environment: bench.environment(home: bench.scratch), output: output, timeout: 300)
        let last = (readText(output) ?? "").split(separator: "\n").last.map { $0.split(separator: " ") } ?? []
        let reached = last.count >= 4 ? Int(last[1]) ?? 0 : 0
        let rejected = last.count >= 4 ? Int(last[3]) ?? 0 : 0
        return FuzzResult(kind: kind, inputs: bench.fuzzInputs, rejected: rejected, status: run.status, reached: reached, seconds: run.seconds)
    }

    /// Builds scripts/fuzz/request-decoder.swift with the ReliefProtocol sources under
    /// `-sanitize=fuzzer` (ReliefSystem, which they import, first as a static library) and
    /// runs it for `seconds`.
    static func libFuzzer(bench: Bench, packageRoot: String, seconds: Int) -> LibFuzzerResult {
        var result = LibFuzzerResult(runs: 0, seconds: 0, status: -1, crashFiles: [])
        let home = bench.directory("libfuzzer")
        func sources(_ module: String) -> [String] {
            listDirectory("\(packageRoot)/Sources/\(module)").filter { $0.hasSuffix(".swift") }
                .map { "\(packageRoot)/Sources/\(module)/\($0)" }
        }
        let environment = bench.environment(home: home)
        do {
            let system = try TimedRun.run(["swiftc", "-sanitize=fuzzer", "-O", "-wmo", "-parse-as-library", "-module-name", "ReliefSystem",
                                           "-emit-module", "-emit-module-path", "\(home)/ReliefSystem.swiftmodule",
                                           "-emit-library", "-static", "-o", "\(home)/libReliefSystem.a"] + sources("ReliefSystem"),
                                          environment: environment, output: "\(home)/build-system.log", timeout: 300)
            guard system.status == 0 else {
                result.problem = "swiftc -sanitize=fuzzer failed on ReliefSystem (exit \(system.status))"
                return result
            }
            let build = try TimedRun.run(["swiftc", "-sanitize=fuzzer", "-O", "-parse-as-library", "-module-name", "ReliefProtocol",
                                          "-I", home, "-L", home, "-lReliefSystem"]
                                         + sources("ReliefProtocol") + ["\(packageRoot)/scripts/fuzz/request-decoder.swift", "-o", "\(home)/fuzz-request"],
                                         environment: environment, output: "\(home)/build.log", timeout: 300)
            guard build.status == 0 else {
                result.problem = "swiftc -sanitize=fuzzer failed (exit \(build.status))"
                return result
            }
            mkdir("\(home)/corpus", 0o700)
            for (index, line) in MalformedInputs.requestSamples.enumerated() { writeText("\(home)/corpus/seed-\(index)", line) }
            // libFuzzer writes crash-* files into the working directory: point it at ours.
            let run = try TimedRun.run(["\(home)/fuzz-request", "-max_total_time=\(seconds)", "-max_len=70000", "-print_final_stats=1",
                                        "-artifact_prefix=\(home)/", "-close_fd_mask=1", "\(home)/corpus"],
                                       environment: environment, errorLog: "\(home)/fuzz.log", timeout: Double(seconds) + 60)
            result.status = run.status
            result.seconds = run.seconds
            for line in (readText("\(home)/fuzz.log") ?? "").split(separator: "\n") where line.hasPrefix("stat::number_of_executed_units:") {
                result.runs = Int(line.split(separator: " ").last ?? "") ?? 0
            }
            // A crash, leak-free out-of-memory or hang leaves its input here.
            result.crashFiles = listDirectory(home).filter { $0.hasPrefix("crash-") || $0.hasPrefix("oom-") || $0.hasPrefix("timeout-") }
        } catch {
            result.problem = "\(error)"
        }
        return result
    }
}
