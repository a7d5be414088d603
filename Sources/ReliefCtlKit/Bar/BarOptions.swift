import ArgumentParser

/// `--format FORMAT` and `--waybar`, for `status` and `follow`.
public struct BarOptions: ParsableArguments {
    /// `--format`.
    @Option(name: .long, help: ArgumentHelp(
        "Print one line for a status bar: {placeholders} in text, [groups] printed only when every placeholder in them has a value; 'short' is the default format \(BarFormat.short). Placeholders: \(BarFormat.Field.allCases.map { "{\($0.rawValue)}" }.joined(separator: " ")).",
        valueName: "format"))
    public var format: String?

    /// `--waybar`.
    @Flag(name: .long, help: "Print waybar's JSON instead: text (the --format line, default short), tooltip (the status block), class and alt (idle, running, paused, pending, offline) and percentage. Default: off.")
    public var waybar = false

    /// ArgumentParser creates the options.
    public init() {}

    /// The parsed format, or nil without `--format` and `--waybar`.
    public var line: BarLine? {
        guard format != nil || waybar else { return nil }
        // validate() has checked the format.
        let parsed = (try? BarFormat(format.map { $0 == "short" ? BarFormat.short : $0 } ?? BarFormat.short))
            ?? (try! BarFormat(BarFormat.short))
        return BarLine(format: parsed, waybar: waybar)
    }

    /// An unusable format is a usage error (exit 64) that says what is wrong.
    public func validate() throws {
        if let format, format != "short" {
            do {
                _ = try BarFormat(format)
            } catch {
                throw ValidationError("--format: \(error)")
            }
        }
    }
}
