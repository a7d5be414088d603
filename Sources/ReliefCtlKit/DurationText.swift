/// Durations as a person types them: `30`, `30s`, `10m`, `1h30m`, `1.5m`.
///
/// A bare number is seconds. Otherwise one or more number-unit pairs with units `h`, `m`, `s`
/// in that order, each at most once; decimals are fine anywhere (`1.5h`, `0.5s`).
public enum DurationText {
    /// What a valid duration looks like, for error messages and help.
    public static let validForms = "seconds (30) or numbers with units h, m, s (30s, 10m, 1h30m, 1.5m)"

    /// Why a text is not a duration.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// The text as typed.
        public let text: String
        /// What is wrong with it.
        public let reason: String
        /// "'1x' is not a duration: unknown unit 'x'; use seconds (30) or …".
        public var description: String { "'\(text)' is not a duration: \(reason); use \(DurationText.validForms)" }
    }

    /// The number of seconds `text` spells.
    public static func seconds(_ text: String) throws(Invalid) -> Double {
        func invalid(_ reason: String) -> Invalid { Invalid(text: text, reason: reason) }
        guard !text.isEmpty else { throw invalid("it is empty") }
        if let plain = Self.number(Substring(text)) { return plain }

        let unitOrder: [Character: (rank: Int, seconds: Double)] = ["h": (0, 3600), "m": (1, 60), "s": (2, 1)]
        var total = 0.0
        var lastRank = -1
        var rest = Substring(text)
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty else {
                throw invalid(rest.first == "-" ? "it is negative" : "expected a number before '\(rest.prefix(1))'")
            }
            guard let amount = Self.number(digits) else { throw invalid("'\(digits)' is not a number") }
            rest = rest.dropFirst(digits.count)
            guard let unit = rest.first else { throw invalid("'\(digits)' at the end needs a unit (h, m or s)") }
            guard let (rank, scale) = unitOrder[unit] else { throw invalid("unknown unit '\(unit)'") }
            guard rank > lastRank else { throw invalid("units must come once each, in the order h, m, s") }
            lastRank = rank
            total += amount * scale
            rest = rest.dropFirst()
        }
        return total
    }

    /// A non-negative decimal number: digits with at most one point, no sign, no exponent
    /// (so `1e3` and `inf` are not durations).
    private static func number(_ text: Substring) -> Double? {
        guard !text.isEmpty, text != ".", text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1 else { return nil }
        return Double(text)
    }
}

extension DurationText {
    /// `seconds` the way a person types it: `10m`, `24h`, `1h30m`, `1s`, `2.5s`.
    public static func text(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0s" }
        let whole = Int(seconds.rounded(.down))
        let hours = whole / 3600, minutes = whole / 60 % 60
        let rest = seconds - Double(hours * 3600 + minutes * 60)
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 || text.isEmpty { text += "\(TimeText.decimal(rest))s" }
        return text
    }
}
