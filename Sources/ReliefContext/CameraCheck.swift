import Glibc
import ReliefSystem

/// Best effort: is a camera (`/dev/video*`) open by one of the user's processes? Looks
/// through `/proc/PID/fd` of the processes it may read (its own user's), skipping itself.
/// No inotify or event exists for "a device was opened", so the caller asks when it needs
/// to know.
public struct CameraCheck: Sendable {
    /// The `/proc` to read (a test may point it elsewhere).
    public var proc: String
    /// The device prefix that counts as a camera.
    public var devicePrefix: String

    /// A check of the real `/proc` for `/dev/video*`.
    public init(proc: String = "/proc", devicePrefix: String = "/dev/video") {
        self.proc = proc
        self.devicePrefix = devicePrefix
    }

    /// The PIDs (other than this process) with a camera open.
    public func users() -> [Int32] {
        let me = getpid()
        let uid = getuid()
        var result: [Int32] = []
        for name in entries(of: proc) {
            guard let pid = Int32(name), pid != me else { continue }
            var info = stat()
            guard stat("\(proc)/\(name)", &info) == 0, info.st_uid == uid || uid == 0 else { continue }
            let fds = "\(proc)/\(name)/fd"
            if entries(of: fds).contains(where: { link(at: "\(fds)/\($0)")?.hasPrefix(devicePrefix) ?? false }) {
                result.append(pid)
            }
        }
        return result
    }

    /// Whether any camera is open.
    public var inUse: Bool { !users().isEmpty }

    private func entries(of directory: String) -> [String] {
        (try? FileSystem.contents(ofDirectory: directory)) ?? []
    }

    private func link(at path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
