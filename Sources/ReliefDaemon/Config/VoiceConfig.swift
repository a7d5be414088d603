import ReliefVoice

extension DaemonConfig.Voice {
    /// These `[voice]` settings as spoken guidance uses them, before the command line's
    /// `--voice…` flags are applied (`VoiceOptions.applied(to:)`).
    public var settings: VoiceSettings {
        VoiceSettings(enabled: enabled, language: language, name: voice, rate: rate)
    }
}
