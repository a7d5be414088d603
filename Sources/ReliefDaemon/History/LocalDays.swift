import Glibc

/// Calendar days in the user's time zone, as whole numbers, so "today", "the last 7 days" and
/// streaks are simple integer arithmetic.
///
/// The zone is injected: production uses the system's (`localtime_r`, honouring `TZ` and
/// daylight saving), tests use a fixed offset or their own rule.
public struct LocalDays: Sendable {
    /// Seconds east of UTC in effect at a given wall-clock instant.
    public let utcOffset: @Sendable (Double) -> Int

    /// Days computed with `utcOffset`.
    public init(utcOffset: @escaping @Sendable (Double) -> Int) {
        self.utcOffset = utcOffset
    }

    /// A zone with a constant offset (seconds east of UTC).
    public static func fixed(offset: Int) -> LocalDays { LocalDays { _ in offset } }

    /// The system's local time zone (`localtime_r`'s `tm_gmtoff`).
    public static let system = LocalDays { unix in
        guard unix.isFinite, abs(unix) < 1e15 else { return 0 }  // time_t(±1e300) would trap
        var time = time_t(unix.rounded(.down))
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }

    /// The local calendar day of `unix`: days since 1970-01-01 in local time.
    public func day(of unix: Double) -> Int {
        let days = ((unix + Double(utcOffset(unix))) / 86_400).rounded(.down)
        return days.isFinite ? Int(max(-1e15, min(1e15, days))) : 0
    }
}
