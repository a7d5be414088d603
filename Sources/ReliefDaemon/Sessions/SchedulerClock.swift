import Dispatch
import ReliefAudio
import ReliefCore

/// The scheduler's clock: `ReliefClock` plus the wake-ups it arms, so that both reading the
/// time and waiting for it go through one value. The daemon runs on `SystemClock`; tests
/// pass a clock they step by hand, and every timer fires when they say so.
public protocol SchedulerClock: ReliefClock {
    /// A timer that runs `handler` on `queue` each time it is armed and its instant comes.
    func makeTimer(on queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void) -> any WakeTimer
    /// Runs `work` once on `queue` at monotonic instant `instant` (at once when it has passed).
    func run(at instant: Double, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void)
}

/// One re-armable wake-up at a monotonic instant.
public protocol WakeTimer: AnyObject, Sendable {
    /// Fires once at `instant` (replacing any earlier arming); nil disarms.
    func arm(at instant: Double?)
    /// Disarms for good (the owner is going away).
    func cancel()
}

/// The real clock: CLOCK_MONOTONIC through `MonotonicClock`, timers on Dispatch.
public struct SystemClock: SchedulerClock {
    /// The system's clock.
    public init() {}

    /// CLOCK_MONOTONIC now, in seconds.
    public func now() -> Double { MonotonicClock.now() }
    /// CLOCK_REALTIME minus CLOCK_MONOTONIC, sampled now.
    public func wallOffset() -> Double { MonotonicClock.wallOffset() }

    /// A strict Dispatch timer source on `queue`, disarmed until `arm(at:)`.
    public func makeTimer(on queue: DispatchQueue, _ handler: @escaping @Sendable () -> Void) -> any WakeTimer {
        DispatchWakeTimer(queue: queue, handler: handler)
    }

    /// `asyncAfter` at the Dispatch deadline of `instant`.
    public func run(at instant: Double, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        queue.asyncAfter(deadline: MonotonicClock.dispatchTime(instant), execute: work)
    }
}

/// A strict Dispatch timer with no leeway: cues and phase changes are placed exactly.
private final class DispatchWakeTimer: WakeTimer, @unchecked Sendable {
    private let source: any DispatchSourceTimer

    init(queue: DispatchQueue, handler: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeTimerSource(flags: .strict, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func arm(at instant: Double?) {
        source.schedule(deadline: instant.map(MonotonicClock.dispatchTime) ?? .distantFuture, repeating: .never,
                        leeway: .nanoseconds(0))
    }

    func cancel() { source.cancel() }

    deinit { source.cancel() }
}
