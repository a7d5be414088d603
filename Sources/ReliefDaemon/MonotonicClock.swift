import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The daemon's two clocks: CLOCK_MONOTONIC for every deadline, CLOCK_REALTIME only to
/// label instants for people and events (`*_unix`).
///
/// Monotonic instants are `Double` seconds of the same clock as `DispatchTime`, so timers,
/// the session and the audio stream agree without conversion.
public enum MonotonicClock {
    /// Now, in monotonic seconds (`DispatchTime.now().uptimeNanoseconds / 1e9`).
    public static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    /// The Dispatch deadline of monotonic instant `seconds`.
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
