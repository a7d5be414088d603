import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// relief-ctl believes only a socket the user's own reliefd (or root's) can have made, and
/// reliefd refuses a socket directory others could tamper with.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct SocketTrustEndToEndTests {
    static let reliefCtl = ReliefdProcess.binary.replacingOccurrences(of: "/reliefd", with: "/relief-ctl")
    static let otherUsersNote: Comment = "needs root to act as another user (setpriv); skipped"
    /// Uids no account on a test machine has.
    static let planter: UInt32 = 54_322, victim: UInt32 = 54_321

    /// A listening socket at `path`, made by this process (so the peer is this user).
    func listen(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 8) == 0 else { throw TestFailure("bind \(path): errno \(errno)") }
        return fd
    }

    @Test func aSocketInADirectoryOthersCanWriteIsRefusedWithExit69() throws {
        let directory = try TemporaryDirectory()
        let planted = directory.path + "/planted"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: false)
        chmod(planted, 0o777)
        let fd = try listen(at: planted + "/control.sock")
        defer { close(fd) }
        let result = try runToEnd(Self.reliefCtl, ["--socket", planted + "/control.sock", "status"])
        #expect(result.status == 69)
        #expect(result.errors.contains("refusing to talk to \(planted)/control.sock: its directory \(planted) is writable by others (mode 777)"),
                "\(result.errors)")
    }

    @Test(.enabled(if: getuid() == 0, otherUsersNote))
    func aDirectoryPlantedAtTheDefaultPathByAnotherUserIsRefused() throws {
        // relief-ctl as `victim` with neither XDG_RUNTIME_DIR nor RELIEF_SOCKET: /tmp/relief-UID.
        let planted = "/tmp/relief-\(Self.victim)"
        try? FileManager.default.removeItem(atPath: planted)
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: planted) }
        chmod(planted, 0o755)
        chown(planted, Self.planter, Self.planter)
        let fd = try listen(at: planted + "/control.sock")
        defer { close(fd) }
        let result = try runToEnd("/usr/bin/setpriv", ["--reuid", "\(Self.victim)", "--regid", "\(Self.victim)", "--clear-groups",
                                                       Self.reliefCtl, "status"],
                                  environment: ["PATH": "/usr/bin:/bin", "HOME": "/"])
        #expect(result.status == 69)
        #expect(result.errors.contains("its directory \(planted) belongs to uid \(Self.planter), not to you (uid \(Self.victim))"),
                "\(result.errors)")
    }

    @Test(.enabled(if: getuid() == 0, otherUsersNote))
    func aServerRunByAnotherUserIsRefusedEvenInATrustedDirectory() throws {
        let directory = try TemporaryDirectory()
        let drop = directory.path + "/drop"
        try FileManager.default.createDirectory(atPath: drop, withIntermediateDirectories: false)
        chmod(directory.path, 0o755)
        chmod(drop, 0o777)
        // Another user's server answering like reliefd would; its socket is then moved into
        // this user's own directory, so only the peer check can tell.
        let script = """
            import socket, time
            s = socket.socket(socket.AF_UNIX); s.bind("\(drop)/s"); s.listen(4); s.settimeout(15)
            c, _ = s.accept(); c.sendall(b'{"ok":true,"state":"idle"}\\n'); time.sleep(1)
            """
        let server = try launch {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid", "\(Self.planter)", "--regid", "\(Self.planter)", "--clear-groups",
                                 "/usr/bin/python3", "-c", script]
            return process
        }
        defer {
            kill(server.processIdentifier, SIGKILL)
            let end = Date().addingTimeInterval(5)
            while server.isRunning, Date() < end { usleep(5_000) }
        }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, !FileManager.default.fileExists(atPath: drop + "/s") { usleep(5_000) }
        let trusted = directory.path + "/run"
        try FileManager.default.createDirectory(atPath: trusted, withIntermediateDirectories: false)
        chmod(trusted, 0o700)
        #expect(rename(drop + "/s", trusted + "/control.sock") == 0)
        let result = try runToEnd(Self.reliefCtl, ["--socket", trusted + "/control.sock", "status"])
        #expect(result.status == 69, "\(result.output)")
        #expect(result.errors.contains("the server there runs as uid \(Self.planter)"), "\(result.errors)")
    }

    @Test func reliefdRefusesASocketDirectoryOthersCanWriteOrASymlink() throws {
        let directory = try TemporaryDirectory()
        let open = directory.path + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o777)
        let writable = try runToEnd(ReliefdProcess.binary, ["--socket", open + "/control.sock", "--state-dir", directory.path + "/st", "--silent"])
        #expect(writable.status == 1)
        #expect(writable.errors.contains("the socket directory \(open) is writable by others (mode 777); make it 0700"), "\(writable.errors)")
        let real = directory.path + "/real"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        #expect(symlink(real, directory.path + "/link") == 0)
        let linked = try runToEnd(ReliefdProcess.binary, ["--socket", directory.path + "/link/control.sock", "--state-dir", directory.path + "/st", "--silent"])
        #expect(linked.status == 1)
        #expect(linked.errors.contains("the socket directory \(directory.path)/link is a symbolic link"), "\(linked.errors)")
    }
}
