import ReliefSystem

/// The clock a session's owner reads, passed in rather than read from a global, so the code
/// that decides things with `now` can be driven by a test stepping time by hand.
///
/// Instants are monotonic seconds (the clock behind Dispatch deadlines and ALSA timestamps);
/// the wall clock only labels them for people (`*_unix`). The pure core takes `now` as a
/// value; whoever owns a `Session` or a `BreakWindow` reads it here.
public protocol ReliefClock: Sendable {
    /// Now, in monotonic seconds.
    func now() -> Double
    /// Wall-clock minus monotonic seconds, sampled now. A session samples it once at its start
    /// so every instant it labels is on one scale, even if the wall clock is stepped meanwhile.
    func wallOffset() -> Double
}

/// The system's clocks (CLOCK_MONOTONIC and CLOCK_REALTIME): what runs outside tests.
public struct SystemTime: ReliefClock {
    /// The system's clocks.
    public init() {}
    /// CLOCK_MONOTONIC now, in seconds.
    public func now() -> Double { monotonicSeconds() }
    /// CLOCK_REALTIME minus CLOCK_MONOTONIC, sampled now.
    public func wallOffset() -> Double { wallSeconds() - monotonicSeconds() }
}

extension ReliefClock {
    /// Now on the wall clock, in seconds since the epoch.
    public func unixNow() -> Double { now() + wallOffset() }
}
