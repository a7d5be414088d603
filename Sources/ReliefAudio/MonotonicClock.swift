import Dispatch
import Glibc

/// The two clocks of relief: CLOCK_MONOTONIC for every instant and deadline, CLOCK_REALTIME
/// only to label instants for people and events (`*_unix`).
///
/// Monotonic instants are `Double` seconds of the clock behind `DispatchTime` and ALSA's
/// MONOTONIC timestamps, so timeline instants, Dispatch timers and device positions compare
/// directly, without conversion. One type serves the audio stream and the daemon's scheduler,
/// so both always read the same clock the same way.
public enum MonotonicClock {
    /// Now, in monotonic seconds (`DispatchTime.now().uptimeNanoseconds / 1e9`).
    public static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The Dispatch deadline of monotonic instant `seconds` (clamped at zero).
    public static func dispatchTime(_ seconds: Double) -> DispatchTime {
        DispatchTime(uptimeNanoseconds: UInt64(max(0, seconds) * 1e9))
    }

    /// Wall-clock minus monotonic seconds, sampled now. A session samples it once at its
    /// start so that every `planned_unix` of the session is on one consistent scale, even if
    /// the wall clock is stepped meanwhile.
    public static func wallOffset() -> Double {
        var wall = timespec()
        var mono = timespec()
        clock_gettime(CLOCK_MONOTONIC, &mono)
        clock_gettime(CLOCK_REALTIME, &wall)
        return seconds(wall) - seconds(mono)
    }

    /// Now on the wall clock, in seconds since the epoch.
    public static func unixNow() -> Double {
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        return seconds(wall)
    }

    private static func seconds(_ time: timespec) -> Double {
        Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
