import Glibc
import ReliefSystem

/// CLOCK_MONOTONIC in seconds: the clock reliefd schedules on and the recorder stamps with.
func monotonicNow() -> Double { monotonicSeconds() }

/// CLOCK_REALTIME in seconds: the clock of `planned_unix` and `onset_unix`.
func wallNow() -> Double { wallSeconds() }

/// Wall clock minus monotonic clock, read as a pair with the tightest bracket of several
/// tries, so a monotonic instant converts to Unix time within a microsecond.
func wallMinusMonotonic() -> Double {
    var best = (width: Double.infinity, offset: 0.0)
    for _ in 0..<20 {
        let before = monotonicNow()
        let wall = wallNow()
        let after = monotonicNow()
        if after - before < best.width { best = (after - before, wall - (before + after) / 2) }
    }
    return best.offset
}

/// Sleeps `seconds` (fractions allowed).
func pause(_ seconds: Double) {
    guard seconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
