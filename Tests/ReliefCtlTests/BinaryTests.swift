import Foundation
import Testing
@testable import ReliefCtlKit

/// The built `relief-ctl` next to the test bundle, if the build made one.
let builtBinary: String? = {
    guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
    let candidate = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("relief-ctl").path
    return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
}()

/// Runs the real binary with a time bound; returns its exit code and standard error.
func runBinary(_ arguments: [String], environment: [String: String] = [:]) throws -> (code: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try #require(builtBinary))
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": "/nonexistent-relief-test"].merging(environment) { $1 }
    let output = Pipe(), error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let deadline = Date().addingTimeInterval(10)
    while process.isRunning, Date() < deadline { usleep(5_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        Issue.record("relief-ctl \(arguments) did not finish within 10 s")
    }
    process.waitUntilExit()
    let text = { (pipe: Pipe) in String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
    return (process.terminationStatus, text(output), text(error))
}

@Suite("The relief-ctl binary", .enabled(if: builtBinary != nil, "relief-ctl is not built next to the tests"))
struct BinaryTests {
    @Test func exitCodesOfTheWholeProcess() throws {
        let daemon = try FakeDaemon(respond: cannedReply)
        defer { daemon.stop() }
        let socket = ["RELIEF_SOCKET": daemon.path]
        // Fast path and ArgumentParser path alike.
        #expect(try runBinary(["status"], environment: socket).code == 0)
        #expect(try runBinary(["list"], environment: socket).code == 0)
        #expect(try runBinary(["start", "wall-stretch"], environment: socket).code == 1)
        #expect(try runBinary(["start", "--scheduled"], environment: socket).code == 0)
        #expect(try runBinary(["extend", "eleven"], environment: socket).code == 64)
        #expect(try runBinary(["frobnicate"], environment: socket).code == 64)
        #expect(try runBinary(["--help"]).code == 0)

        let missing = try runBinary(["status"])
        #expect(missing.code == 69)
        #expect(missing.error.contains("/nonexistent-relief-test/relief/control.sock"))
        #expect(missing.error.contains("reliefd &"))
        #expect(try runBinary(["--socket", "/nonexistent-relief-test/s.sock", "list"]).code == 69)

        let garbage = try FakeDaemon(always: "garbage")
        defer { garbage.stop() }
        #expect(try runBinary(["--socket", garbage.path, "ping"]).code == 70)
    }

    @Test func pipedFollowPrintsPlainLines() throws {
        let daemon = try FakeDaemon(respond: cannedReply)
        defer { daemon.stop() }
        let result = try runBinary(["follow", "--until-end"], environment: ["RELIEF_SOCKET": daemon.path])
        #expect(result.code == 0)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.last?.hasSuffix(" end wall-stretch completed") == true)
        #expect(!result.output.contains("\r"))
    }
}
