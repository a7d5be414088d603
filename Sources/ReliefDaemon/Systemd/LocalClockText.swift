import Glibc

/// Local wall-clock text for status lines.
public enum LocalClockText {
    /// `HH:MM` of Unix instant `unix` in the local time zone.
    public static func hourMinute(_ unix: Double) -> String {
        var seconds = time_t(unix.rounded(.down))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return "?" }
        let hour = Int(parts.tm_hour), minute = Int(parts.tm_min)
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
