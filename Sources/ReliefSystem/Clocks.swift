import Glibc

/// CLOCK_MONOTONIC in seconds: the clock behind `DispatchTime` and ALSA's timestamps, so
/// instants read here compare directly with timers and device positions.
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// CLOCK_MONOTONIC in whole microseconds, as sd-bus timeouts and systemd's
/// `MONOTONIC_USEC=` count it.
public func monotonicMicroseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}

/// CLOCK_REALTIME in seconds since the epoch: only to label instants for people.
public func wallSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
