import Glibc

/// A wall-clock instant broken down in the local time zone.
public struct LocalTime: Sendable, Equatable {
    /// Calendar fields, as a person reads them (month 1…12, weekday 0 = Sunday).
    public var year, month, day, hour, minute, second, weekday: Int
    /// Milliseconds within the second.
    public var millisecond: Int

    /// "14:02".
    public var hourMinute: String { "\(TimeText.twoDigits(hour)):\(TimeText.twoDigits(minute))" }

    /// "14:02:05.123", for event lines.
    public var timeWithMilliseconds: String {
        let milli = millisecond < 10 ? "00\(millisecond)" : millisecond < 100 ? "0\(millisecond)" : "\(millisecond)"
        return "\(hourMinute):\(TimeText.twoDigits(second)).\(milli)"
    }

    /// "Fri 2025-11-21 14:02", for history.
    public var dayAndTime: String {
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let name = names.indices.contains(weekday) ? names[weekday] : "???"
        return "\(name) \(year)-\(TimeText.twoDigits(month))-\(TimeText.twoDigits(day)) \(hourMinute)"
    }
}

/// The current wall-clock time and the local time zone, injectable so formatting is
/// deterministic in tests.
public struct WallClock: Sendable {
    /// Seconds since the epoch, now.
    public let now: @Sendable () -> Double
    /// Breaks a Unix time down into local time.
    public let local: @Sendable (Double) -> LocalTime

    /// Creates a clock from its two functions.
    public init(now: @escaping @Sendable () -> Double, local: @escaping @Sendable (Double) -> LocalTime) {
        self.now = now
        self.local = local
    }

    /// The system clock and time zone (`TZ`, /etc/localtime), through `clock_gettime` and
    /// `localtime_r`.
    public static let system = WallClock(
        now: {
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        },
        local: { unix in
            var seconds = time_t(unix.rounded(.down))
            var fields = tm()
            localtime_r(&seconds, &fields)
            return LocalTime(year: Int(fields.tm_year) + 1900, month: Int(fields.tm_mon) + 1, day: Int(fields.tm_mday),
                             hour: Int(fields.tm_hour), minute: Int(fields.tm_min), second: Int(fields.tm_sec),
                             weekday: Int(fields.tm_wday), millisecond: millisecond(of: unix))
        }
    )

    /// A clock stopped at `now`, in a zone `offset` seconds east of UTC (for tests).
    public static func fixed(now: Double, utcOffset offset: Int = 0) -> WallClock {
        WallClock(now: { now }, local: { unix in civil(unix + Double(offset)) })
    }

    /// Breaks down `unix` as UTC (days-from-civil inverse, proleptic Gregorian).
    static func civil(_ unix: Double) -> LocalTime {
        let seconds = Int(unix.rounded(.down))
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return LocalTime(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
                         second: secondOfDay % 60, weekday: weekday, millisecond: millisecond(of: unix))
    }

    private static func millisecond(of unix: Double) -> Int {
        // A Unix time near 1.7e9 carries ~0.2 µs of binary noise (…05.678 is stored as
        // …05.67799997); half a microsecond of slack keeps it from showing as .677.
        min(999, Int(((unix - unix.rounded(.down)) * 1000 + 0.0005).rounded(.down)))
    }
}
