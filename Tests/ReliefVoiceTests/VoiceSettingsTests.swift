import ReliefCore
import Testing
@testable import ReliefVoice

/// Flags and settings: bad values get a clear error; espeak-ng's `-v` built from them.
@Suite struct VoiceSettingsTests {
    @Test func flagsOverrideTheSettingsTheyAreGiven() throws {
        let options = try VoiceOptions.parse(["--voice", "on", "--voice-language", "en-GB", "--voice-name", "+f3",
                                              "--voice-rate", "140"])
        let settings = try options.applied(to: VoiceSettings(enabled: false, language: "de", rate: 200))
        #expect(settings == VoiceSettings(enabled: true, language: "en-GB", name: "+f3", rate: 140))
        #expect(settings.espeakVoice == "en-gb+f3")
        // Left out, the given settings hold.
        let none = try VoiceOptions.parse([])
        #expect(try none.applied(to: VoiceSettings(rate: 200)).rate == 200)
    }

    @Test func espeakVoiceFollowsTheName() {
        #expect(VoiceSettings(language: "de").espeakVoice == "de")
        #expect(VoiceSettings(language: "en", name: "en-us+m2").espeakVoice == "en-us+m2")
    }

    @Test(arguments: [
        ["--voice", "maybe"], ["--voice-rate", "20"], ["--voice-rate", "fast"], ["--voice-language", "x y"],
        ["--voice-name", "en us"], ["--voice-name", "a+b+c"], ["--voice-name", "+"],
    ])
    func badValuesAreRejectedNamingTheFlag(arguments: [String]) {
        do {
            _ = try VoiceOptions.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            let message = VoiceOptions.message(for: error)
            #expect(message.contains(arguments[0]), "\(message)")
        }
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
