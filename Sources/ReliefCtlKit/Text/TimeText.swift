/// How relief-ctl writes times: clock-style durations (`2:51`), short seconds (`30 s`) and
/// plain decimals, without Foundation's formatters.
public enum TimeText {
    /// `m:ss`, or `h:mm:ss` from one hour on; negative values show as `0:00`.
    /// `rounding` picks how fractions go: elapsed time rounds down, a countdown rounds up
    /// (0.3 s left still shows `0:01`), totals round to nearest.
    public static func clock(_ seconds: Double, rounding: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> String {
        let whole = seconds.isFinite ? Int(max(0, seconds).rounded(rounding)) : 0
        let hours = whole / 3600, minutes = whole / 60 % 60, rest = whole % 60
        if hours > 0 { return "\(hours):\(twoDigits(minutes)):\(twoDigits(rest))" }
        return "\(minutes):\(twoDigits(rest))"
    }

    /// A countdown: `clock` rounded up.
    public static func countdown(_ seconds: Double) -> String { clock(seconds, rounding: .up) }

    /// A step's time: `30 s`, `1.5 s` under a minute, `clock` from a minute on.
    public static func seconds(_ value: Double) -> String {
        value < 60 ? "\(decimal(value)) s" : clock(value)
    }

    /// A number with at most two decimals and no trailing zeros: `30`, `1.5`, `0.25`.
    public static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let hundredths = Int((abs(value) * 100).rounded())
        let sign = value < 0 && hundredths > 0 ? "-" : ""
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(twoDigits(fraction))"
    }

    /// "1 session" / "2 sessions".
    public static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
