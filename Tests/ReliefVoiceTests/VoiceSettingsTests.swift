import ReliefCore
import Testing
@testable import ReliefVoice

/// Settings: bad values get a clear error; espeak-ng's `-v` built from them. (reliefd's
/// `--voice…` flags are tested in reliefdTests.)
@Suite struct VoiceSettingsTests {
    @Test func espeakVoiceFollowsTheName() {
        #expect(VoiceSettings(language: "de").espeakVoice == "de")
        #expect(VoiceSettings(language: "en", name: "en-us+m2").espeakVoice == "en-us+m2")
    }

    @Test func aBadRateSaysWhereWhatAndHow() {
        #expect(throws: VoiceSettingsError(source: "--voice-rate", message: "\"20\" is not a speaking rate",
                                           fix: "give words per minute, 80…450, e.g. 160")) {
            try VoiceSettings.parseRate("20")
        }
    }

    @Test func setUpFindsEspeakNGOrSaysOnceHowToInstallIt() {
        switch Voice.setUp(settings: VoiceSettings(enabled: false), environment: ["PATH": "/usr/bin:/bin"]) {
        case .off: break
        default: Issue.record("voice off must be .off")
        }
        switch Voice.setUp(settings: VoiceSettings(enabled: true), environment: ["PATH": "/nonexistent"]) {
        case .unavailable(let notice):
            #expect(notice.contains("espeak-ng is not installed"))
            #expect(notice.contains("apt-get install espeak-ng"))
        default: Issue.record("without espeak-ng on PATH, voice must be unavailable")
        }
        switch Voice.setUp(settings: VoiceSettings(enabled: true), environment: ["PATH": "/nonexistent:/usr/bin"]) {
        case .on(let voice): #expect(voice.engine.executable == "/usr/bin/espeak-ng")
        default: Issue.record("espeak-ng must be installed for the tests (make test installs it)")
        }
    }
}
