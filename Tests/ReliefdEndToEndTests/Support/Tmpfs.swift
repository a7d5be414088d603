import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ReliefMeasure

/// A real tmpfs of a few pages, mounted for a test (needs root and the mount capability), so
/// a full or read-only disk is the kernel's, not a simulation. Unmounted when released.
final class Tmpfs {
    /// Whether this machine lets the tests mount one (root in a namespace that allows it).
    static let available: Bool = {
        guard getuid() == 0, let probe = try? TemporaryDirectory() else { return false }
        guard (try? runToEnd("/bin/mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", probe.path]))?.status == 0 else {
            return false
        }
        _ = try? runToEnd("/bin/umount", [probe.path])
        return true
    }()

    let path: String

    /// Mounts a tmpfs of `kilobytes` KiB at `path` (created when missing; `readOnly`: mounted ro).
    init(at path: String, kilobytes: Int, readOnly: Bool = false) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mounted = try runToEnd("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700\(readOnly ? ",ro" : "")",
                                                  "tmpfs", path])
        guard mounted.status == 0 else { throw TestFailure("mount tmpfs: \(mounted.errors)") }
    }

    private var mounted = true

    deinit { unmount() }

    /// Unmounts it (lazily: a daemon still holding a file there does not block it).
    func unmount() {
        guard mounted else { return }
        mounted = false
        _ = try? runToEnd("/bin/umount", ["-l", path])
    }

    /// Remounts it read-write or read-only.
    func remount(readOnly: Bool) throws {
        let result = try runToEnd("/bin/mount", ["-o", "remount,\(readOnly ? "ro" : "rw")", path])
        guard result.status == 0 else { throw TestFailure("remount: \(result.errors)") }
    }

    /// Fills every free byte with a file `name`, so the next allocation fails with ENOSPC.
    func fill(_ name: String = "filler") {
        let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x2E, count: 512)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        var one: UInt8 = 0x2E
        while write(fd, &one, 1) > 0 {}
    }
}
