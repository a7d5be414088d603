import ReliefVoice
import Testing
@testable import reliefd

/// reliefd's `--voice…` flags: they override the settings they are given; bad values get a
/// clear error naming the flag.
@Suite struct VoiceOptionsTests {
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
}
