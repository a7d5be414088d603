/// Order statistics of a sample, in the unit it was given in.
struct Summary {
    /// How many values.
    var count: Int
    var min: Double
    var median: Double
    var p99: Double
    var max: Double
    var mean: Double

    /// Summarises `values`; nil when there are none.
    init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        min = sorted.first!
        max = sorted.last!
        median = Summary.quantile(sorted, 0.5)
        p99 = Summary.quantile(sorted, 0.99)
        mean = sorted.reduce(0, +) / Double(sorted.count)
    }

    /// Linear interpolation between closest ranks.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}

/// `value` with `decimals` digits after the point (no Foundation formatting).
func fixed(_ value: Double, _ decimals: Int = 2) -> String {
    guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    let fraction = Int(rounded - Double(whole) * scale)
    let sign = value < 0 && rounded != 0 ? "-" : ""
    guard decimals > 0 else { return "\(sign)\(whole)" }
    let digits = String(fraction)
    return "\(sign)\(whole).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
}

/// Milliseconds from seconds, formatted.
func ms(_ seconds: Double, _ decimals: Int = 2) -> String { fixed(seconds * 1000, decimals) + " ms" }
