import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A device that cannot play is never silent about it: the `cue` and `start` replies carry
/// the audio state, relief-ctl prints it (and `cue` exits 1), the log has one warning per
/// episode, and a device that never existed is "not found", never "went away".
@Suite(.serialized, .timeLimit(.minutes(1)))
struct AudioFailureEndToEndTests {
    static let reliefCtl = ReliefdProcess.binary.replacingOccurrences(of: "/reliefd", with: "/relief-ctl")

    @Test(arguments: ["no-such-device", "hw:7"])
    func aMissingDeviceIsReportedByCueStartStatusAndOnceInTheLog(device: String) throws {
        let daemon = try ReliefdProcess(arguments: ["--device", device], silent: false)
        for _ in 0..<3 {
            let cue = try runToEnd(Self.reliefCtl, ["--socket", daemon.socketPath, "cue", "hold"])
            #expect(cue.status == 1, "\(cue.output)")
            #expect(cue.output.contains("hold not heard: device \"\(device)\" not found"), "\(cue.output)")
        }
        let client = try daemon.client()
        let started = try client.request(#"{"cmd":"start","routine":"long"}"#)
        let audio = try #require(started["audio"] as? [String: Any], "\(started)")
        #expect(audio["ok"] as? Bool == false)
        #expect((audio["error"] as? String)?.contains("not found") == true)
        usleep(600_000)  // a few retries with backoff
        let status = try runToEnd(Self.reliefCtl, ["--socket", daemon.socketPath, "status"])
        #expect(status.output.contains("audio:    \(device), error: device \"\(device)\" not found"), "\(status.output)")
        let warnings = daemon.log.components(separatedBy: "\n").filter { $0.contains("audio: device \"\(device)\"") }
        #expect(warnings.count == 1, "one episode, however many cues, sessions and retries: \(daemon.log.suffix(3000))")
        #expect(!daemon.log.contains("went away"))
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func aWorkingDeviceSaysNothingExtra() throws {
        let daemon = try ReliefdProcess(arguments: ["--device", "null"], silent: false)
        let cue = try runToEnd(Self.reliefCtl, ["--socket", daemon.socketPath, "cue", "hold"])
        #expect(cue.status == 0)
        #expect(cue.output == "played hold\n")
        #expect(try daemon.client().request(#"{"cmd":"start","routine":"demo"}"#)["audio"] == nil)
        #expect(daemon.signal(SIGTERM) == 0)
    }
}
