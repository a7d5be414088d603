import Foundation
import Glibc
import Testing
@testable import ReliefProtocol

@Suite("ControlClient against a fake server")
struct ClientTests {
    @Test func sendsARequestLineAndReadsTheReply() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in
            let line = peer.readLine()
            peer.write(line == #"{"cmd":"ping"}"# ? "{\"ok\":true,\"version\":\"0.1.0\",\"pid\":7}\n" : "{\"ok\":false}\n")
        }
        let client = try ControlClient(path: server.path, timeout: 5)
        let reply = try client.request(["cmd": "ping"])
        #expect(reply.isOK)
        #expect(reply.value["pid"]?.int == 7)
        #expect(reply.line == #"{"ok":true,"version":"0.1.0","pid":7}"#)
    }

    @Test func readsPipelinedRepliesInOrderAndLinesSplitAcrossWrites() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in
            _ = peer.readLine()
            _ = peer.readLine()
            // One reply in three pieces, then a second reply and a third line in one write.
            peer.write("{\"ok\":tr")
            usleep(20_000)
            peer.write("ue,\"n\":")
            usleep(20_000)
            peer.write("1}\n{\"ok\":true,\"n\":2}\r\n{\"event\":\"end\",\"outcome\":\"stopped\"}")
            server.hangUp(peer)
        }
        let client = try ControlClient(path: server.path, timeout: 5)
        try client.send(["cmd": "status"])
        try client.send(line: #"{"cmd":"subscribe"}"#)
        #expect(try client.readReply().value["n"]?.int == 1)
        #expect(try client.readReply().line == #"{"ok":true,"n":2}"#)
        // The last line has no newline but the server closed: it is still a line, then closed.
        #expect(try client.nextLine(timeout: 5) == .line(#"{"event":"end","outcome":"stopped"}"#))
        #expect(try client.nextLine(timeout: 5) == .closed)
    }

    @Test func garbageIsAProtocolErrorNotUnreachable() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in
            _ = peer.readLine()
            peer.write("hello there\n")
            _ = peer.readLine()
            peer.write("[1,2]\n")
        }
        let client = try ControlClient(path: server.path, timeout: 5)
        let first = #expect(throws: ClientError.self) { try client.request(["cmd": "status"]) }
        #expect(first?.kind == .protocolError)
        #expect(first?.isUnreachable == false)
        #expect(first?.description.contains("hello there") == true)
        let second = #expect(throws: ClientError.self) { try client.request(["cmd": "status"]) }
        #expect(second?.kind == .protocolError)
        #expect(second?.detail.contains("expected a JSON object") == true)
    }

    @Test func invalidUTF8IsAProtocolError() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in
            _ = peer.readLine()
            peer.write([0x7B, 0xFF, 0x7D, 0x0A])
        }
        let client = try ControlClient(path: server.path, timeout: 5)
        let error = #expect(throws: ClientError.self) { try client.request(["cmd": "status"]) }
        #expect(error?.kind == .protocolError)
    }

    @Test func aClosedConnectionWithoutReplyIsReported() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in
            _ = peer.readLine()
            server.hangUp(peer)
        }
        let client = try ControlClient(path: server.path, timeout: 5)
        let error = #expect(throws: ClientError.self) { try client.request(["cmd": "status"]) }
        #expect(error?.kind == .connectionClosed)
        #expect(error?.isUnreachable == false)
    }

    @Test func sendingToAClosedConnectionFailsInsteadOfRaisingSIGPIPE() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in server.hangUp(peer) }
        let client = try ControlClient(path: server.path, timeout: 5)
        #expect(try client.nextLine(timeout: 5) == .closed)
        // The first writes may still fit the socket buffer; within a few the error must come.
        let error = #expect(throws: ClientError.self) {
            for _ in 0..<100 { try client.send(line: String(repeating: "x", count: 4096)) }
        }
        #expect(error?.kind == .connectionClosed)
    }

    @Test func aSilentServerTimesOutWithinTheLimit() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in _ = peer.readLine(within: 5) }
        let client = try ControlClient(path: server.path, timeout: 0.2)
        let started = Date()
        let error = #expect(throws: ClientError.self) { try client.request(["cmd": "status"]) }
        #expect(error?.kind == .timedOut)
        #expect(error?.isUnreachable == true)
        #expect(Date().timeIntervalSince(started) < 3)
        // A zero wait polls once and reports that nothing is there.
        #expect(try client.nextLine(timeout: 0) == .timedOut)
    }

    @Test func aLineLongerThanTheLimitIsAProtocolError() throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        server.serve { peer in
            _ = peer.readLine()
            let chunk = [UInt8](repeating: 0x61, count: 1 << 20)
            for _ in 0...(ControlClient.maximumLineLength >> 20) { peer.write(chunk) }
        }
        let client = try ControlClient(path: server.path, timeout: 5)
        let error = #expect(throws: ClientError.self) { try client.request(["cmd": "history"]) }
        #expect(error?.kind == .protocolError)
        #expect(error?.detail.contains("longer than") == true)
    }

    @Test func aMissingSocketIsUnreachableAndNamesThePath() throws {
        let path = "/tmp/relief-client-test-missing-\(getpid())/control.sock"
        let error = #expect(throws: ClientError.self) { _ = try ControlClient(path: path, timeout: 1) }
        #expect(error?.kind == .socketMissing)
        #expect(error?.isUnreachable == true)
        #expect(error?.description.contains(path) == true)
    }

    @Test func aStaleSocketFileIsConnectionRefused() throws {
        let server = try ScriptedServer()
        // A socket bound and closed without unlinking: the file a crashed daemon leaves.
        let stale = server.directory + "/stale.sock"
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(stale.utf8) + [0]) }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(descriptor)
        defer {
            unlink(stale)
            server.stop()
        }
        let error = #expect(throws: ClientError.self) { _ = try ControlClient(path: stale, timeout: 1) }
        #expect(error?.kind == .connectionRefused)
        #expect(error?.description.contains("stale socket") == true)
    }

    @Test func aPathTooLongForAUnixSocketIsRejected() {
        let path = "/tmp/" + String(repeating: "x", count: 200)
        let error = #expect(throws: ClientError.self) { _ = try ControlClient(path: path, timeout: 1) }
        #expect(error?.kind == .invalidPath)
        #expect(error?.description.contains("1 to 107 bytes") == true)
    }

    @Test(.enabled(if: getuid() != 0, "root ignores file permissions"))
    func aSocketOfAnotherUserIsPermissionDenied() throws {
        let server = try ScriptedServer()
        defer {
            chmod(server.path, 0o600)
            server.stop()
        }
        chmod(server.path, 0o000)
        let error = #expect(throws: ClientError.self) { _ = try ControlClient(path: server.path, timeout: 1) }
        #expect(error?.kind == .permissionDenied)
    }

    @Test func parsesReplyFieldsForRefusals() throws {
        let reply = try ControlClient.reply(from: #"{"ok":false,"error":"busy","message":"a session is running"}"#, path: "/p")
        #expect(!reply.isOK)
        #expect(reply.errorCode == "busy")
        #expect(reply.message == "a session is running")
        let fine = try ControlClient.reply(from: #"{"ok":true}"#, path: "/p")
        #expect(fine.errorCode == nil)
    }
}
