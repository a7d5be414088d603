import Foundation
import ReliefMeasure
#if canImport(Glibc)
import Glibc
#endif

/// busctl and dbus-send against a private bus: what a desktop, playerctl or a headset (through
/// mpris-proxy) would send to an MPRIS player, and how the tests read players' properties.
struct MediaBusTools {
    let bus: PrivateBus

    /// Calls `method` (no arguments) of `org.mpris.MediaPlayer2.Player` on `org.mpris.MediaPlayer2.PLAYER`.
    func press(_ method: String, on player: String = "relief") throws {
        let result = try SystemdTestSupport.run("/usr/bin/busctl", [
            "--address=\(bus.address)", "call", "org.mpris.MediaPlayer2.\(player)", "/org/mpris/MediaPlayer2",
            "org.mpris.MediaPlayer2.Player", method,
        ], timeout: 10)
        guard result.status == 0 else { throw TestFailure("busctl call \(method) on \(player): \(result.errors)") }
    }

    /// The same with dbus-send (another client implementation).
    func send(_ method: String, to player: String) throws {
        let result = try SystemdTestSupport.run("/usr/bin/dbus-send", [
            "--bus=\(bus.address)", "--print-reply", "--dest=org.mpris.MediaPlayer2.\(player)", "/org/mpris/MediaPlayer2",
            "org.mpris.MediaPlayer2.Player.\(method)",
        ], timeout: 10)
        guard result.status == 0 else { throw TestFailure("dbus-send \(method) to \(player): \(result.errors)") }
    }

    /// busctl's text for a property of `org.mpris.MediaPlayer2.Player` (`s "Playing"`), nil when it cannot be read.
    func property(_ name: String, of player: String = "relief") -> String? {
        guard let result = try? SystemdTestSupport.run("/usr/bin/busctl", [
            "--address=\(bus.address)", "get-property", "org.mpris.MediaPlayer2.\(player)", "/org/mpris/MediaPlayer2",
            "org.mpris.MediaPlayer2.Player", name,
        ], timeout: 10), result.status == 0 else { return nil }
        return Self.unescape(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// busctl prints bytes outside ASCII as octal escapes (`\342\200\224` for "—").
    static func unescape(_ text: String) -> String {
        var bytes: [UInt8] = []
        var rest = Substring(text)
        while let first = rest.first {
            let digits = rest.dropFirst().prefix(3)
            if first == "\\", digits.count == 3, let byte = UInt8(digits, radix: 8) {
                bytes.append(byte)
                rest = rest.dropFirst(4)
            } else {
                bytes.append(contentsOf: Array(String(first).utf8))
                rest = rest.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `PlaybackStatus` of a player ("Playing", "Paused", "Stopped"), nil when unreadable.
    func playbackStatus(of player: String = "relief") -> String? {
        property("PlaybackStatus", of: player).map { $0.replacingOccurrences(of: "s ", with: "").replacingOccurrences(of: "\"", with: "") }
    }

    /// Polls `condition` every 10 ms for at most `timeout` seconds.
    static func eventually(timeout: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(10_000)
        }
        return try condition()
    }
}

/// `tests/fake-mpris-player.py`: another MPRIS player (`org.mpris.MediaPlayer2.NAME`) on the
/// private bus, started in a playback status. Stopped by PID when released.
final class FakePlayer {
    let name: String
    private let process: ChildProcess

    init(_ name: String, status: String, on bus: PrivateBus) throws {
        self.name = name
        let script = SystemdTestSupport.packageRoot.appendingPathComponent("tests/fake-mpris-player.py").path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        // Debian's python3, which has python3-dbus and python3-gi (not a pyenv one first in PATH).
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        process = try ChildProcess([python, script, name, status],
                                   environment: ["DBUS_SESSION_BUS_ADDRESS": bus.address, "PATH": path],
                                   errorLog: bus.directory + "/fake-\(name).log")
        let tools = MediaBusTools(bus: bus)
        guard MediaBusTools.eventually(timeout: 15, { tools.playbackStatus(of: name) == status }) else {
            process.stop(within: 1)
            let log = (try? String(contentsOfFile: bus.directory + "/fake-\(name).log", encoding: .utf8)) ?? ""
            throw TestFailure("the fake player \(name) did not appear on the bus: \(log)")
        }
    }

    deinit { process.stop(within: 1) }
}
