import ReliefProtocol
import Glibc

/// The daemon's side of the protocol's command table (`CommandSpec.all` in ReliefProtocol):
/// one handler per command, each request to its reply line.
///
/// Requests arrive decoded and checked against the table (names, argument kinds, ranges,
/// defaults: `Wire.request`), so a handler only acts; the switch over `Request` is
/// exhaustive, so a command added to the table cannot lack its handler. Replies are built by
/// the scheduler (on its queue) and encoded here, on the caller's.
public struct CommandTable: Sendable {
    private let scheduler: Scheduler
    private let reload: @Sendable () -> Reloaded

    /// Answers requests with `scheduler`; `reload` reloads (by default the scheduler's
    /// routines and sounds only; the daemon passes its `Reload`, which adds reliefd.toml).
    public init(scheduler: Scheduler, reload: Reload? = nil) {
        self.scheduler = scheduler
        if let reload {
            self.reload = { reload.run() }
        } else {
            self.reload = { scheduler.reload() }
        }
    }

    /// The reply line (newline included) to `request`: `{"ok":true,…}` or an error reply.
    public func reply(to request: Request) -> [UInt8] {
        do throws(ProtocolError) {
            switch request {
            case .ping: return line(Pong(version: Wire.version, pid: Int(getpid())))
            case .list: return line(scheduler.list())
            case .show(let routine): return line(try scheduler.show(routine))
            case .start(let routine, let scheduled): return line(try scheduler.start(routine: routine, scheduled: scheduled))
            case .stop: return line(try scheduler.stop())
            case .pause: return line(try scheduler.pause())
            case .resume: return line(try scheduler.resume())
            case .toggle: return line(try scheduler.toggle())
            case .skip: return line(try scheduler.skip())
            case .back: return line(try scheduler.back())
            case .extend(let seconds): return line(try scheduler.extend(by: seconds))
            case .status: return line(scheduler.status())
            case .subscribe: return line(Subscribed())
            case .cue(let name): return line(try scheduler.cue(name))
            case .history(let days, let offset): return line(scheduler.history(days: days, utcOffset: offset))
            case .snooze(let seconds): return line(scheduler.snooze(seconds: seconds))
            case .reload: return line(reload())
            case .safety: return line(scheduler.safety())
            case .quit: return line(Quitting(pid: Int(getpid())))
            }
        } catch {
            return Connection.errorLine(error)
        }
    }

    private func line(_ body: some Codable & Sendable) -> [UInt8] {
        do {
            return try Wire.line(Reply(body))
        } catch {
            return Connection.errorLine(ProtocolError(.internal, "cannot encode the reply: \(error)"))
        }
    }
}
