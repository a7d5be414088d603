import CSystemd
import Dispatch
import Glibc

extension BusConnection {
    /// The fd is readable. While sd-bus watches for the socket (inotify), that means the socket
    /// file appeared — but a server binds before it listens, so sd-bus's one attempt can be
    /// refused, and then nothing would wake it again. So an event that leaves sd-bus watching
    /// is followed by fresh attempts (after 0.1 s, doubling, five of them; each later event starts
    /// a new series). Idle without a
    /// bus, no events come and nothing runs.
    func wokeUp() {
        process()
        guard watchingForSocket else { return }
        if recheck == nil { recheckDelay = Self.firstRecheck }  // a new series for a new event
        tryAgainSoon()
    }

    private func tryAgainSoon() {
        guard recheck == nil, recheckDelay <= Self.firstRecheck * 16 else { return }
        let delay = recheckDelay
        recheckDelay *= 2
        let work = DispatchWorkItem { [weak self] in
            guard let self else { return }
            recheck = nil
            guard started, watchingForSocket else { return }
            tearDown()
            connect()
            if watchingForSocket { tryAgainSoon() }
        }
        recheck = work
        queue.asyncAfter(deadline: .now() + delay, execute: work)
    }

    /// Whether sd-bus is waiting for the socket to appear (its fd is then an inotify fd).
    private var watchingForSocket: Bool {
        guard let bus, !ready else { return false }
        let fd = sd_bus_get_fd(bus)
        guard fd >= 0 else { return false }
        var target = [CChar](repeating: 0, count: 64)
        let count = readlink("/proc/self/fd/\(fd)", &target, target.count - 1)
        guard count > 0 else { return false }
        return String(decoding: target.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self) == "anon_inode:inotify"
    }
}
