/// Numbers, counts and lengths of time as words, the way a guide says them aloud.
///
/// Speech engines read digits inconsistently ("20s" may become "twenty esses"), and a
/// listener with eyes closed should hear "twenty seconds", "twice", "four and a half
/// minutes"; so every number in spoken guidance goes through here first.
public enum SpokenNumber {
    private static let small = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    /// Lengths are capped here (about 31 700 years) so rounding to `Int` can never trap.
    private static let longest = 1e12
    private static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    /// A whole number in words: `21` → "twenty-one", `105` → "one hundred and five",
    /// `-3` → "minus three". Exact for every `Int`.
    public static func words(_ number: Int) -> String {
        if number < 0 {
            // Int.min has no positive counterpart; spell its magnitude through UInt.
            return "minus " + words(magnitude: number.magnitude)
        }
        return words(magnitude: UInt(number))
    }

    private static func words(magnitude n: UInt) -> String {
        if n < 20 { return small[Int(n)] }
        if n < 100 {
            let rest = n % 10
            return tens[Int(n / 10)] + (rest == 0 ? "" : "-" + small[Int(rest)])
        }
        if n < 1000 {
            let rest = n % 100
            return small[Int(n / 100)] + " hundred" + (rest == 0 ? "" : " and " + words(magnitude: rest))
        }
        let scales: [(UInt, String)] = [
            (1_000_000_000_000_000_000, "quintillion"), (1_000_000_000_000_000, "quadrillion"),
            (1_000_000_000_000, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1_000, "thousand"),
        ]
        for (scale, name) in scales where n >= scale {
            let rest = n % scale
            let head = words(magnitude: n / scale) + " " + name
            if rest == 0 { return head }
            return head + (rest < 100 ? " and " : " ") + words(magnitude: rest)
        }
        return small[0]  // unreachable: every n ≥ 1000 meets a scale
    }

    /// How often: 1 → "once", 2 → "twice", otherwise "three times", "twelve times".
    public static func times(_ count: Int) -> String {
        switch count {
        case 1: "once"
        case 2: "twice"
        default: words(count) + " times"
        }
    }

    /// A count of things: `count(1, "breath")` → "one breath", `count(8, "breath", "breaths")`
    /// → "eight breaths".
    public static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        words(count) + " " + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// A hold's length, as precise as a person can follow: up to 90 seconds in whole seconds
    /// ("twenty seconds", "ninety seconds"), longer ones in minutes as `length(_:)` says them
    /// ("fifteen minutes"). Nil below half a second (nothing worth announcing).
    public static func holdLength(_ seconds: Double) -> String? {
        guard seconds.isFinite, seconds >= 0.5 else { return nil }
        let seconds = min(seconds, longest)
        if seconds < 90.5 { return count(Int(seconds.rounded()), "second") }
        return minutes(seconds)
    }

    /// A routine's length, rounded the way people round: under a minute to the nearest five
    /// seconds ("forty-five seconds", at least "five seconds"); under ten minutes to the
    /// nearest half minute ("four and a half minutes"); then to the nearest minute, with
    /// hours from sixty minutes on ("one hour and ten minutes").
    public static func length(_ seconds: Double) -> String {
        let seconds = seconds.isFinite ? min(max(0, seconds), longest) : 0
        if seconds < 57.5 {
            let fives = max(1, Int((seconds / 5).rounded()))
            return count(fives * 5, "second")
        }
        return minutes(seconds)
    }

    /// Minutes: nearest half minute below ten minutes, nearest minute above, hours from 60.
    private static func minutes(_ seconds: Double) -> String {
        if seconds < 585 {
            let halves = max(2, Int((seconds / 30).rounded()))
            let whole = halves / 2
            if halves % 2 == 0 { return count(whole, "minute") }
            return words(whole) + " and a half minutes"
        }
        let total = Int((seconds / 60).rounded())
        if total < 60 { return count(total, "minute") }
        let hours = count(total / 60, "hour"), rest = total % 60
        return rest == 0 ? hours : hours + " and " + count(rest, "minute")
    }
}
