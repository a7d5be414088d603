import ArgumentParser
import ReliefProtocol

/// relief-ctl's checks and help for the protocol's arguments, read from the command table
/// (``CommandSpec``): a value the daemon would refuse is a usage error here (exit 64), in the
/// command line's words (durations, options) rather than the wire's.
enum TableArgument {
    /// The table's description of `key` of `command`.
    static func spec(_ command: String, _ key: String) -> ArgumentSpec? {
        CommandSpec.named(command)?.argument(key)
    }

    /// The range of a seconds argument, "1s to 10m" or "at most 24h".
    static func durationRange(_ command: String, _ key: String) -> String {
        guard let range = spec(command, key)?.range else { return "" }
        let upper = DurationText.text(range.upperBound)
        return range.lowerBound > 0 ? "\(DurationText.text(range.lowerBound)) to \(upper)" : "at most \(upper)"
    }

    /// The range of a whole-number argument, "1 to 3650".
    static func wholeRange(_ command: String, _ key: String) -> String {
        guard let range = spec(command, key)?.range else { return "" }
        return "\(Wire.number(range.lowerBound)) to \(Wire.number(range.upperBound))"
    }

    /// The default the protocol gives `key`, as written in help: "10", "7".
    static func defaultText(_ command: String, _ key: String) -> String {
        if case .number(let value) = spec(command, key)?.defaultValue { return Wire.number(value) }
        return ""
    }

    /// Throws a usage error when `seconds` is outside the table's range for `key`:
    /// "extend takes at least 1s and at most 10m (600 s), not 0.5 s".
    static func checkDuration(_ seconds: Double, _ command: String, _ key: String, hint: String = "") throws {
        guard let spec = spec(command, key), let range = spec.range else { return }
        do throws(ProtocolError) {
            try spec.check(.number(seconds))
        } catch {
            let lower = range.lowerBound > 0 ? "at least \(DurationText.text(range.lowerBound)) and " : ""
            throw ValidationError("\(command) takes \(lower)at most \(DurationText.text(range.upperBound)) "
                + "(\(Wire.number(range.upperBound)) s), not \(TimeText.decimal(seconds)) s\(hint)")
        }
    }

    /// Throws a usage error when `value` of `option` is outside the table's range for `key`:
    /// "--days must be 1 to 3650, not 0".
    static func checkWhole(_ value: Int, option: String, _ command: String, _ key: String) throws {
        guard let spec = spec(command, key) else { return }
        do throws(ProtocolError) {
            try spec.check(.number(Double(value)))
        } catch {
            throw ValidationError("\(option) must be \(wholeRange(command, key)), not \(value)")
        }
    }
}
