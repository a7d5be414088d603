import TOMLKit

/// How spoken guidance sounds, and whether it is on: `reliefd --voice on|off`,
/// `--voice-language`, `--voice-variant`, `--voice-rate`, or the `[voice]` table of the
/// config file (flags win).
///
/// Voice is **on by default**: a person following a routine with eyes closed needs to hear
/// what to do, and espeak-ng is small and in every distribution. When it is on but
/// espeak-ng is not installed, `Voice.setUp` gives one notice and sessions run with cues
/// alone; `off` runs cues alone without a word.
public struct VoiceSettings: Sendable, Equatable {
    /// Whether announcements are spoken (`--voice on|off`).
    public var enabled: Bool
    /// espeak-ng voice (language) name, `-v`: "en", "en-us", "en-gb-x-rp", "de", …
    /// (`espeak-ng --voices` lists them).
    public var language: String
    /// espeak-ng variant appended as `-v LANGUAGE+VARIANT`: "f3", "m2", "klatt", … (`espeak-ng
    /// --voices=variant`); nil for the language's own voice.
    public var variant: String?
    /// Speaking rate in words per minute, `-s`, 80…450.
    public var rate: Int

    /// The defaults: on, "en", no variant, 160 words a minute (a little slower than
    /// espeak-ng's 175, for someone moving while listening).
    public init(enabled: Bool = true, language: String = "en", variant: String? = nil, rate: Int = 160) {
        self.enabled = enabled
        self.language = language
        self.variant = variant
        self.rate = rate
    }

    /// Valid rates (espeak-ng's own range).
    public static let rates = 80...450

    /// The value of espeak-ng's `-v`: `LANGUAGE` or `LANGUAGE+VARIANT`.
    public var espeakVoice: String { variant.map { "\(language)+\($0)" } ?? language }

    // MARK: Parsing

    /// Parses `--voice`'s value: on/off (also yes/no, true/false).
    public static func parseSwitch(_ text: String, source: String = "--voice") throws(VoiceSettingsError) -> Bool {
        switch text.lowercased() {
        case "on", "yes", "true": return true
        case "off", "no", "false": return false
        default: throw VoiceSettingsError(source: source, message: "\(quoted(text)) is neither on nor off",
                                          fix: "use on or off, e.g. --voice off")
        }
    }

    /// Checks a language name: letters, digits and hyphens, as espeak-ng names its voices.
    public static func parseLanguage(_ text: String, source: String = "--voice-language") throws(VoiceSettingsError) -> String {
        guard isName(text, extra: "-"), text.first != "-" else {
            throw VoiceSettingsError(source: source, message: "\(quoted(text)) is not an espeak-ng voice name",
                                     fix: "use a name from `espeak-ng --voices`, e.g. en, en-us, de")
        }
        return text
    }

    /// Checks a variant name (letters, digits, `_` and `-`); "" or "none" means no variant.
    public static func parseVariant(_ text: String, source: String = "--voice-variant") throws(VoiceSettingsError) -> String? {
        if text.isEmpty || text.lowercased() == "none" { return nil }
        guard isName(text, extra: "_-") else {
            throw VoiceSettingsError(source: source, message: "\(quoted(text)) is not an espeak-ng variant name",
                                     fix: "use a name from `espeak-ng --voices=variant`, e.g. f3, m2, klatt, or none")
        }
        return text
    }

    /// Parses a rate in words per minute, 80…450.
    public static func parseRate(_ text: String, source: String = "--voice-rate") throws(VoiceSettingsError) -> Int {
        guard let rate = Int(text), rates.contains(rate) else {
            throw VoiceSettingsError(source: source, message: "\(quoted(text)) is not a speaking rate",
                                     fix: "give words per minute, \(rates.lowerBound)…\(rates.upperBound), e.g. 160")
        }
        return rate
    }

    private static func isName(_ text: String, extra: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || extra.unicodeScalars.contains($0)) }
    }

    // MARK: The config file

    /// Keys of the `[voice]` table.
    public static let configKeys = ["enabled", "language", "variant", "rate"]

    /// These settings with the `[voice]` table of a TOML config file applied (other tables
    /// and keys are left to their owners; a file without `[voice]` changes nothing):
    ///
    /// ```toml
    /// [voice]
    /// enabled = true      # or "on" / "off"
    /// language = "en-us"
    /// variant = "f3"      # or "none"
    /// rate = 160
    /// ```
    ///
    /// Throws with the file, line and column for a file that is not TOML, and with the key
    /// for a value that is wrong or a key that is unknown.
    public func applying(configText text: String, path: String) throws(VoiceSettingsError) -> VoiceSettings {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw VoiceSettingsError(source: "\(path):\(error.source.begin.line):\(error.source.begin.column)",
                                     message: "not valid TOML", fix: "fix the syntax there (\(error))")
        } catch {
            throw VoiceSettingsError(source: path, message: "not valid TOML", fix: "\(error)")
        }
        guard let value = root["voice"] else { return self }
        guard let table = value.table else {
            throw VoiceSettingsError(source: "\(path): voice", message: "is not a table",
                                     fix: "write the voice settings under a [voice] line")
        }
        return try applying(table: table, path: path)
    }

    /// These settings with a `[voice]` table applied (see `applying(configText:path:)`).
    public func applying(table: TOMLTable, path: String) throws(VoiceSettingsError) -> VoiceSettings {
        var settings = self
        for key in table.keys.sorted() {
            let source = "\(path): voice.\(key)"
            guard let value = table[key] else { continue }
            switch key {
            case "enabled":
                if let flag = value.bool {
                    settings.enabled = flag
                } else if let text = value.string {
                    settings.enabled = try Self.parseSwitch(text, source: source)
                } else {
                    throw VoiceSettingsError(source: source, message: "is not true/false or \"on\"/\"off\"",
                                             fix: "write enabled = true or enabled = false")
                }
            case "language":
                guard let text = value.string else {
                    throw VoiceSettingsError(source: source, message: "is not a string", fix: "write language = \"en\"")
                }
                settings.language = try Self.parseLanguage(text, source: source)
            case "variant":
                guard let text = value.string else {
                    throw VoiceSettingsError(source: source, message: "is not a string", fix: "write variant = \"f3\" or \"none\"")
                }
                settings.variant = try Self.parseVariant(text, source: source)
            case "rate":
                guard let number = value.int else {
                    throw VoiceSettingsError(source: source, message: "is not a whole number",
                                             fix: "write rate = 160 (words per minute, \(Self.rates.lowerBound)…\(Self.rates.upperBound))")
                }
                settings.rate = try Self.parseRate(String(number), source: source)
            default:
                throw VoiceSettingsError(source: source, message: "unknown key",
                                         fix: "valid keys in [voice]: " + Self.configKeys.joined(separator: ", "))
            }
        }
        return settings
    }
}

/// A voice setting that cannot be used: where it came from (a flag, or `FILE: voice.KEY`),
/// what is wrong and what would work.
public struct VoiceSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The flag or the file and key, e.g. `--voice-rate` or `~/.config/relief/reliefd.toml: voice.rate`.
    public var source: String
    /// What is wrong.
    public var message: String
    /// What would be valid.
    public var fix: String

    /// A problem with a setting.
    public init(source: String, message: String, fix: String) {
        self.source = source
        self.message = message
        self.fix = fix
    }

    /// `SOURCE: MESSAGE; FIX`.
    public var description: String { "\(source): \(message); \(fix)" }
}

private func quoted(_ text: String) -> String { "\"\(text)\"" }
