/// How spoken guidance sounds, and whether it is on: `reliefd --voice on|off`,
/// `--voice-name`, `--voice-language`, `--voice-rate`, or the `[voice]` table of the config
/// file (`DaemonConfig.Voice`; flags win).
///
/// Voice is **on by default**: a first session followed with eyes closed must say which
/// exercise comes and how to do it, not only when. `--voice off` (or `[voice] enabled =
/// false`) gives the tones alone. When it is on but espeak-ng is not installed,
/// `Voice.setUp` gives one notice and sessions run with cues alone.
public struct VoiceSettings: Sendable, Equatable {
    /// Whether announcements are spoken (`--voice on|off`).
    public var enabled: Bool
    /// The language of the text, as a language tag ("en", "en-GB", "de"); espeak-ng speaks
    /// it with the voice of that name (`-v en-gb`) unless `name` picks another.
    public var language: String
    /// The espeak-ng voice (`-v`): "default" for the language's own voice, "+VARIANT"
    /// ("+f3", "+m2", "+klatt") for a variant of it, or a full voice name such as
    /// "en-us+f3" (`espeak-ng --voices` and `espeak-ng --voices=variant` list them).
    public var name: String
    /// Speaking rate in words per minute, `-s`, 80…450.
    public var rate: Int

    /// The defaults: on, "en", the language's own voice, 160 words a minute (a little slower
    /// than espeak-ng's 175, for someone moving while listening).
    public init(enabled: Bool = true, language: String = "en", name: String = "default", rate: Int = 160) {
        self.enabled = enabled
        self.language = language
        self.name = name
        self.rate = rate
    }

    /// Valid rates (espeak-ng's own range).
    public static let rates = 80...450

    /// The value of espeak-ng's `-v` (see `name`); espeak-ng's voice names are lowercase.
    public var espeakVoice: String {
        let language = language.lowercased()
        if name == "default" || name.isEmpty { return language }
        if name.hasPrefix("+") { return language + name }
        return name
    }

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

    /// Checks a language tag: letters, digits and hyphens, as espeak-ng names its languages.
    public static func parseLanguage(_ text: String, source: String = "--voice-language") throws(VoiceSettingsError) -> String {
        guard isName(text, extra: "-"), text.first != "-" else {
            throw VoiceSettingsError(source: source, message: "\(quoted(text)) is not a language tag",
                                     fix: "use one espeak-ng speaks, e.g. en, en-GB, de (`espeak-ng --voices` lists them)")
        }
        return text
    }

    /// Checks a voice name: "default", "+VARIANT" or a voice name (letters, digits, `_`, `-`,
    /// one `+`), so nothing but a name ever reaches espeak-ng's `-v`.
    public static func parseName(_ text: String, source: String = "--voice-name") throws(VoiceSettingsError) -> String {
        let parts = text.split(separator: "+", omittingEmptySubsequences: false)
        let valid = parts.count <= 2 && (parts.count == 2 || !text.isEmpty)
            && parts.enumerated().allSatisfy { index, part in
                (index == 0 && part.isEmpty && parts.count == 2) || isName(String(part), extra: "_-")
            }
            && text.first != "-"
        guard valid else {
            throw VoiceSettingsError(source: source, message: "\(quoted(text)) is not an espeak-ng voice",
                                     fix: "use default, a variant such as +f3, or a voice such as en-us+m2 "
                                        + "(`espeak-ng --voices`, `espeak-ng --voices=variant`)")
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
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || extra.unicodeScalars.contains($0))
            }
    }
}

/// A voice setting that cannot be used: where it came from (a flag or a config key), what
/// is wrong and what would work.
public struct VoiceSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The flag or the file and key, e.g. `--voice-rate`.
    public var source: String
    /// What is wrong.
    public var message: String
    /// What would be valid.
    public var fix: String

    /// `SOURCE: MESSAGE; FIX`.
    public var description: String { "\(source): \(message); \(fix)" }
}

private func quoted(_ text: String) -> String { "\"\(text)\"" }
