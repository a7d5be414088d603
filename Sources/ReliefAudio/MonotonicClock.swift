import Dispatch

/// The current CLOCK_MONOTONIC time in seconds: the clock of timeline instants, of
/// `DispatchTime` and of ALSA's MONOTONIC timestamps, so all three compare directly.
func monotonicNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}

/// The `DispatchTime` for a monotonic instant in seconds (clamped at zero).
func dispatchTime(_ seconds: Double) -> DispatchTime {
    DispatchTime(uptimeNanoseconds: UInt64(max(0, seconds) * 1e9))
}
