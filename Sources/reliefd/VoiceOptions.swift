import ArgumentParser
import ReliefVoice

/// The voice options of `reliefd`, to include with `@OptionGroup var voice: VoiceOptions`.
/// Each one overrides the `[voice]` table of the config file; left out, the file's value
/// (or the default) holds: `VoiceOptions.applied(to:)` merges them.
struct VoiceOptions: ParsableArguments, Sendable {
    /// `--voice on|off`.
    @Option(name: .customLong("voice"), help: ArgumentHelp(
        "Speak each exercise with espeak-ng before its cue: on or off. (default: on; when espeak-ng "
            + "is not installed, cues alone with one notice)",
        valueName: "on|off"))
    var voice: String?

    /// `--voice-language TAG`.
    @Option(name: .customLong("voice-language"), help: ArgumentHelp(
        "Language espeak-ng speaks, e.g. en, en-GB, de (`espeak-ng --voices` lists them). (default: en)",
        valueName: "tag"))
    var language: String?

    /// `--voice-name NAME`.
    @Option(name: .customLong("voice-name"), help: ArgumentHelp(
        "espeak-ng voice: default (the language's own), a variant such as +f3, or a voice such as en-us+m2. (default: default)",
        valueName: "name"))
    var name: String?

    /// `--voice-rate WPM`.
    @Option(name: .customLong("voice-rate"), help: ArgumentHelp(
        "Speaking rate in words per minute, \(VoiceSettings.rates.lowerBound)–\(VoiceSettings.rates.upperBound). (default: 160)",
        valueName: "wpm"))
    var rate: String?

    /// No options given.
    init() {}

    /// Rejects a bad value before the daemon starts, with what would work.
    func validate() throws {
        do {
            _ = try applied(to: VoiceSettings())
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// `settings` (the defaults with the config file applied) with the flags given here on top.
    func applied(to settings: VoiceSettings) throws(VoiceSettingsError) -> VoiceSettings {
        var settings = settings
        if let voice { settings.enabled = try VoiceSettings.parseSwitch(voice) }
        if let language { settings.language = try VoiceSettings.parseLanguage(language) }
        if let name { settings.name = try VoiceSettings.parseName(name) }
        if let rate { settings.rate = try VoiceSettings.parseRate(rate) }
        return settings
    }
}
