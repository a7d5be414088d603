import Foundation
import Testing

/// Nothing a client sends, or fails to read, can crash or stall reliefd or another client.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct RobustnessEndToEndTests {
    @Test func badLinesGetErrorsAndTheConnectionStaysUsable() throws {
        let daemon = try ReliefdProcess()
        let client = try daemon.client()
        let cases: [(String, String)] = [
            ("not json", "bad-request"),
            ("{\"cmd\":", "bad-request"),
            ("[\"ping\"]", "bad-request"),
            ("", "bad-request"),
            ("{\"cmd\":\"dance\"}", "unknown-command"),
            ("{\"cmd\":\"extend\",\"seconds\":\"ten\"}", "bad-request"),
            ("{\"cmd\":\"start\"}", "bad-request"),
        ]
        for (line, code) in cases {
            let reply = try client.request(line)
            #expect(reply["ok"] as? Bool == false, "\(line)")
            #expect(reply["error"] as? String == code, "\(line)")
            #expect((reply["message"] as? String)?.isEmpty == false)
        }
        var garbage: [UInt8] = [0x00, 0xFF, 0xFE, 0x80, 0x1B, 0x5B, 0x7B]
        garbage += Array(repeating: 0xC3, count: 500) + [0x0A]
        #expect(client.send(garbage))
        let reply = try client.readObject()
        #expect(reply["error"] as? String == "bad-request")
        #expect(try client.request(#"{"cmd":"ping"}"#)["ok"] as? Bool == true)
    }

    @Test func anOversizedLineIsRefusedAndClosedWhileOthersAreServed() throws {
        let daemon = try ReliefdProcess()
        let bystander = try daemon.client()
        let client = try daemon.client()
        #expect(client.send(Array(repeating: UInt8(ascii: "x"), count: 64 * 1024 + 10)))  // no newline yet
        let reply = try client.readObject()
        #expect(reply["error"] as? String == "too-large")
        #expect(client.waitForEnd())
        // A line of exactly 64 KiB is still a request (here an invalid one), answered normally.
        let edge = try daemon.client()
        var line = Array(#"{"cmd":"ping","pad":""#.utf8)
        line += Array(repeating: UInt8(ascii: "a"), count: 64 * 1024 - line.count - 2) + Array(#""}"#.utf8)
        #expect(line.count == 64 * 1024)
        #expect(edge.send(line + [0x0A]))
        #expect(try edge.readObject()["ok"] as? Bool == true)
        #expect(try bystander.request(#"{"cmd":"ping"}"#)["ok"] as? Bool == true)
    }

    @Test func aHalfClosedClientGetsAllItsReplies() throws {
        let daemon = try ReliefdProcess()
        let client = try daemon.client()
        let requests = Array(repeating: #"{"cmd":"ping"}"#, count: 50) + [#"{"cmd":"status"}"#, #"{"cmd":"list"}"#]
        #expect(client.send(Array(requests.joined(separator: "\n").utf8)))  // the last line has no newline
        client.shutdownWrite()
        var replies: [[String: Any]] = []
        while let object = try? client.readObject(timeout: 5) { replies.append(object) }
        #expect(replies.count == 52)
        #expect(replies[50]["state"] as? String == "idle")
        #expect(replies[51]["routines"] != nil)
        #expect(client.sawEnd)
    }

    @Test func vanishedClientsAreCleanedUp() throws {
        let daemon = try ReliefdProcess()
        let client = try daemon.client()
        // A first session makes libdispatch open its timer descriptor, so the baseline holds it.
        _ = try client.request(#"{"cmd":"start","routine":"demo"}"#)
        _ = try client.request(#"{"cmd":"stop"}"#)
        let baseline = openDescriptors(of: daemon.pid)
        for index in 0..<50 {
            let vanishing = try daemon.client()
            switch index % 3 {
            case 0: vanishing.send(Array(#"{"cmd":"pi"#.utf8))  // gone mid-line
            case 1: vanishing.send(line: #"{"cmd":"subscribe"}"#)  // a subscriber gone without reading
            default: vanishing.send(line: String(repeating: #"{"cmd":"list"}"# + "\n", count: 200))  // replies unread
            }
        }
        _ = try client.request(#"{"cmd":"start","routine":"demo"}"#)  // events to the subscribers that are gone
        _ = try client.request(#"{"cmd":"stop"}"#)
        #expect(try client.request(#"{"cmd":"ping"}"#)["ok"] as? Bool == true)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, openDescriptors(of: daemon.pid) > baseline { usleep(10_000) }
        #expect(openDescriptors(of: daemon.pid) == baseline)
    }

    @Test func twoHundredConcurrentClientsAreAllAnswered() throws {
        let daemon = try ReliefdProcess()
        let clients = try (0..<200).map { _ in try daemon.client() }
        for client in clients { #expect(client.send(line: #"{"cmd":"status"}"# + "\n" + #"{"cmd":"ping"}"#)) }
        var answered = 0
        for client in clients {
            if try client.readObject()["state"] as? String == "idle", try client.readObject()["pid"] != nil {
                answered += 1
            }
        }
        #expect(answered == 200)
    }

    @Test func aStalledSubscriberIsDroppedAndTheSessionEndsOnTime() throws {
        let daemon = try ReliefdProcess(timeScale: 0.001)
        let stalled = try daemon.client()
        stalled.send(line: #"{"cmd":"subscribe"}"#)  // and never reads
        let follower = try daemon.client()
        _ = try follower.request(#"{"cmd":"subscribe"}"#)
        let client = try daemon.client()
        let started = Date()
        let start = try client.request(#"{"cmd":"start","routine":"ticks"}"#)
        let duration = try #require(start["duration"] as? Double) * 0.001
        #expect(duration > 3)
        var cueCount = 0
        let end = try follower.readObject(until: { event in
            if event["event"] as? String == "cue" { cueCount += 1 }
            return event["event"] as? String == "end"
        }, timeout: duration + 10)
        let took = Date().timeIntervalSince(started)
        #expect(end["outcome"] as? String == "completed")
        #expect(cueCount > 3000)
        #expect(took < duration + 1.0, "the session took \(took) s for \(duration) s")
        #expect(stalled.waitForEnd(timeout: 10), "the stalled subscriber was not dropped")
        #expect(try client.request(#"{"cmd":"ping"}"#)["ok"] as? Bool == true)
    }

    @Test func runningOutOfDescriptorsIsOneEpisodeAndClientsAreAnsweredAfterIt() throws {
        let daemon = try ReliefdProcess(descriptorLimit: 64)
        let limits = try String(contentsOfFile: "/proc/\(daemon.pid)/limits", encoding: .utf8)
        #expect(limits.split(separator: "\n").contains { $0.hasPrefix("Max open files") && $0.contains(" 64 ") })
        var crowd: [RawClient] = []
        for _ in 0..<100 { crowd.append(try daemon.client()) }  // more than the daemon can hold
        #expect(crowd.last?.send(line: #"{"cmd":"ping"}"#) == true)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !daemon.log.contains("out of descriptors") { usleep(10_000) }
        crowd.removeAll()  // every descriptor comes free
        for index in 0..<3 {
            let client = try daemon.client()
            #expect(try client.request(#"{"cmd":"ping"}"#, timeout: 5)["ok"] as? Bool == true, "client \(index)")
        }
        let episodes = daemon.log.components(separatedBy: "\n").filter { $0.contains("out of descriptors") }
        #expect(episodes.count == 1, "\(daemon.log.suffix(3000))")
        #expect(daemon.log.contains("accepting clients again"))
        #expect(daemon.signal(SIGTERM) == 0)
    }

    @Test func invalidUTF8IsSaidToBeNotUTF8() throws {
        let daemon = try ReliefdProcess()
        let client = try daemon.client()
        #expect(client.send(Array(#"{"cmd":"pi"#.utf8) + [0xFF] + Array(#"ng"}"#.utf8) + [0x0A]))
        let reply = try client.readObject()
        #expect((reply["message"] as? String)?.hasPrefix("the request is not UTF-8 text") == true, "\(reply)")
    }

    @Test func extendedTimeCountsInStatusAndInTheRecord() throws {
        let daemon = try ReliefdProcess(timeScale: 0.05)
        let client = try daemon.client()
        _ = try client.request(#"{"cmd":"subscribe"}"#)
        let other = try daemon.client()
        let started = try other.request(#"{"cmd":"start","routine":"demo"}"#)
        let planned = try #require(started["duration"] as? Double)
        _ = try client.readObject(until: { ($0["step"] as? [String: Any])?["phase"] as? String == "hold" })
        let extended = try other.request(#"{"cmd":"extend","seconds":10}"#)
        #expect(extended["duration"] as? Double == planned + 10, "\(extended)")
        #expect(try other.request(#"{"cmd":"extend","seconds":5e-324}"#)["error"] as? String == "bad-request")
        _ = try client.readObject(until: { $0["event"] as? String == "end" }, timeout: 10)
        let session = try #require((try other.request(#"{"cmd":"history"}"#)["sessions"] as? [[String: Any]])?.last)
        #expect(session["outcome"] as? String == "completed")
        #expect(session["seconds"] as? Double == planned + 10, "\(session)")
    }

    private func openDescriptors(of pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? Int.max
    }
}
