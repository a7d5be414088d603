import Dispatch
import Synchronization
@testable import ReliefDaemon

/// A clock the test moves by hand: time stands still until `advance`, which fires every
/// wake-up that falls due on the way, in order, each on its queue, before it returns. So a
/// scheduler test runs a ten-minute routine in milliseconds and always sees the same thing.
final class ManualClock: SchedulerClock, Sendable {
    private struct Wake {
        let queue: DispatchQueue
        let work: @Sendable () -> Void
        /// Timers stay registered after firing (they may be armed again); one-offs go.
        let repeats: Bool
    }

    private struct State {
        var now: Double
        var nextID = 0
        var wakes: [Int: Wake] = [:]
        /// Armed instants of timers (nil: disarmed).
        var armed: [Int: Double] = [:]
    }

    private let state: Mutex<State>
    private let offset: Double

    /// A clock at monotonic `start` whose wall clock reads `unix` then.
    init(start: Double = 1_000, unix: Double = 1_800_000_000) {
        state = Mutex(State(now: start))
        offset = unix - start
    }

    func now() -> Double { state.withLock { $0.now } }
    func wallOffset() -> Double { offset }

    func makeTimer(on queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void) -> any WakeTimer {
        let id = state.withLock { state in
            state.nextID += 1
            state.wakes[state.nextID] = Wake(queue: queue, work: handler, repeats: true)
            return state.nextID
        }
        return ManualTimer(clock: self, id: id)
    }

    func run(at instant: Double, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        state.withLock { state in
            state.nextID += 1
            state.wakes[state.nextID] = Wake(queue: queue, work: work, repeats: false)
            state.armed[state.nextID] = instant
        }
    }

    fileprivate func arm(_ id: Int, at instant: Double?) {
        state.withLock { $0.armed[id] = instant }
    }

    fileprivate func remove(_ id: Int) {
        state.withLock { state in
            state.armed[id] = nil
            state.wakes[id] = nil
        }
    }

    /// Moves time forward by `seconds`, firing each wake-up due on the way at its instant.
    /// A wake-up armed meanwhile for an instant already passed fires too (as Dispatch would).
    func advance(by seconds: Double) {
        let target = now() + seconds
        while let wake = nextDue(by: target) {
            wake.queue.sync { wake.work() }
        }
        state.withLock { $0.now = max($0.now, target) }
    }

    /// The earliest wake-up due by `target`, disarmed and with the clock set to its instant.
    private func nextDue(by target: Double) -> Wake? {
        state.withLock { state in
            guard let (id, instant) = state.armed.filter({ $0.value <= target })
                .min(by: { ($0.value, $0.key) < ($1.value, $1.key) }),
                  let wake = state.wakes[id] else { return nil }
            state.armed[id] = nil
            if !wake.repeats { state.wakes[id] = nil }
            state.now = max(state.now, instant)
            return wake
        }
    }
}

private final class ManualTimer: WakeTimer {
    let clock: ManualClock
    let id: Int

    init(clock: ManualClock, id: Int) {
        self.clock = clock
        self.id = id
    }

    func arm(at instant: Double?) { clock.arm(id, at: instant) }
    func cancel() { clock.remove(id) }
    deinit { clock.remove(id) }
}
