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

extension ReliefClock {
    /// Now on the wall clock, in seconds since the epoch.
    public func unixNow() -> Double { now() + wallOffset() }
}
