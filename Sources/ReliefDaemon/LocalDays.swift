#if canImport(Glibc)
import Glibc
#endif

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
        var time = time_t(unix.rounded(.down))
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return 0 }
        return Int(parts.tm_gmtoff)
    }

    /// The local calendar day of `unix`: days since 1970-01-01 in local time.
    public func day(of unix: Double) -> Int {
        Int(((unix + Double(utcOffset(unix))) / 86_400).rounded(.down))
    }
}
