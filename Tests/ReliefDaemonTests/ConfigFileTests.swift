import Foundation
import ReliefVoice
import ReliefMeasure
import Testing
@testable import ReliefDaemon

/// reliefd.toml: defaults, valid values, and every kind of mistake reported with its place.
struct ConfigFileTests {
    let path = "/home/u/.config/relief/reliefd.toml"

    func parse(_ text: String) -> LoadedConfig { DaemonConfig.parse(text, path: path) }

    /// The problems as `line:column: message`, without the path.
    func problems(_ text: String) -> [String] {
        parse(text).problems.map { "\($0.line.map(String.init) ?? "?"):\($0.column.map(String.init) ?? "?"): \($0.message)" }
    }

    @Test func missingFileMeansDefaultsAndNoProblems() throws {
        let scratch = try TemporaryDirectory()
        let directory = URL(fileURLWithPath: scratch.path)
        let loaded = DaemonConfig.load(path: directory.appendingPathComponent("relief/reliefd.toml").path)
        #expect(!loaded.exists)
        #expect(loaded.problems.isEmpty)
        #expect(loaded.config == DaemonConfig())
        #expect(loaded.config.breaks.routine == "posture-break")
        #expect(loaded.config.breaks.warningSeconds == 10)
        #expect(loaded.config.audio.device == "default")
        #expect(loaded.config.audio.volume == 0.8)
        #expect(loaded.config.voice == DaemonConfig.Voice())
    }

    @Test func mediaPauseOthersIsOnByDefaultAndCanBeTurnedOff() {
        #expect(DaemonConfig().media.pauseOthers)
        #expect(parse("[media]\npause_others = false\n").config.media.pauseOthers == false)
        #expect(problems("[media]\npause_others = \"no\"\n") == ["2:1: media.pause_others must be true or false (default true), not a string (using the default)"])
    }

    @Test func readsEverySetting() throws {
        let scratch = try TemporaryDirectory()
        let directory = URL(fileURLWithPath: scratch.path)
        let file = directory.appendingPathComponent("reliefd.toml")
        try """
        # my break policy
        [breaks]
        routine = "wall-stretch"
        warning_seconds = 30   # an integer is a number too

        [audio]
        device = "hw:1,0"
        volume = 1

        [voice]
        enabled = true
        voice = "en-us+f3"
        language = "en-GB"
        rate = 150
        """.write(to: file, atomically: true, encoding: .utf8)
        let loaded = DaemonConfig.load(path: file.path)
        #expect(loaded.exists)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        var expected = DaemonConfig()
        expected.breaks.routine = "wall-stretch"
        expected.breaks.warningSeconds = 30
        expected.audio.device = "hw:1,0"
        expected.audio.volume = 1
        expected.voice = DaemonConfig.Voice()
        expected.voice.enabled = true
        expected.voice.voice = "en-us+f3"
        expected.voice.language = "en-GB"
        expected.voice.rate = 150
        #expect(loaded.config == expected)
    }

    @Test func emptyFileAndPartialFilesKeepDefaults() {
        #expect(parse("").config == DaemonConfig())
        #expect(parse("").problems.isEmpty)
        let partial = parse("[audio]\nvolume = 0.25\n")
        #expect(partial.problems.isEmpty)
        #expect(partial.config.audio.volume == 0.25)
        #expect(partial.config.audio.device == "default")
        #expect(partial.config.breaks == DaemonConfig.Breaks())
    }

    @Test func syntaxErrorsCarryTomlKitsPosition() throws {
        let loaded = parse("[breaks]\nroutine = \"posture-break\nwarning_seconds = 5\n")
        #expect(loaded.config == DaemonConfig())
        #expect(loaded.problems.count == 1)
        let problem = try #require(loaded.problems.first)
        #expect(problem.line == 2)
        #expect(problem.column != nil)
        #expect(problem.message.hasPrefix("not valid TOML: "))
        #expect(problem.description.hasPrefix(path + ":2:"))
    }

    @Test func unknownSectionSuggestsTheRightOne() {
        #expect(problems("[brakes]\nroutine = \"x\"\n") == [
            "1:2: unknown section [brakes] — did you mean [breaks]?; valid sections: [breaks], [audio], [voice], [media]",
        ])
        #expect(problems("[display]\n") == ["1:2: unknown section [display]; valid sections: [breaks], [audio], [voice], [media]"])
    }

    @Test func unknownKeySuggestsTheRightOneAndListsValidKeys() {
        #expect(problems("[breaks]\n  warning = 5\n") == [
            "2:3: unknown key \"warning\" in [breaks] — did you mean \"warning_seconds\"?; valid keys: routine, warning_seconds, skip_in_call, after_call_seconds, skip_when_away, away_minutes, natural_breaks",
        ])
        #expect(problems("[audio]\nvolumme = 0.5\n") == [
            "2:1: unknown key \"volumme\" in [audio] — did you mean \"volume\"?; valid keys: device, volume",
        ])
    }

    @Test func wrongTypesSayWhatIsValid() {
        #expect(problems("""
        [audio]
        volume = "loud"
        device = 3
        [voice]
        enabled = "yes"
        rate = 1.5
        language = 7
        """) == [
            "2:1: audio.volume must be a volume from 0 to 1 (default 0.8), not a string (using the default)",
            "3:1: audio.device must be an ALSA device name such as \"default\" or \"hw:1\", not an integer (using the default)",
            "5:1: voice.enabled must be true or false, not a string (using the default)",
            "6:1: voice.rate must be a whole number of words per minute from 80 to 450 (default 160), not a decimal number (using the default)",
            "7:1: voice.language must be a language tag such as \"en\" or \"en-GB\", not an integer (using the default)",
        ])
    }

    @Test func voiceSettingsBecomeWhatEspeakNGIsGiven() {
        let loaded = parse("[voice]\nenabled = true\nvoice = \"+f3\"\nlanguage = \"en-GB\"\nrate = 140\n")
        #expect(loaded.problems.isEmpty)
        let settings = loaded.config.voice.settings
        #expect(settings.enabled)
        #expect(settings.espeakVoice == "en-gb+f3")
        #expect(settings.rate == 140)
        #expect(DaemonConfig().voice.settings == VoiceSettings())  // the file's defaults are the flags' defaults
        #expect(problems("[voice]\nvoice = \"en us; rm\"\n") == [
            "2:1: voice.voice \"en us; rm\" is not an espeak-ng voice; use \"default\", a variant such as \"+f3\" or a voice such as \"en-us+m2\" (using the default)",
        ])
    }

    @Test func outOfRangeValuesAreReportedAndTheRestStillApplies() {
        let loaded = parse("""
        [breaks]
        routine = "warm-up"
        warning_seconds = -1
        [audio]
        volume = 1.5
        device = "null"
        [voice]
        rate = 1000
        """)
        #expect(loaded.problems.map(\.description) == [
            "\(path):3:1: breaks.warning_seconds = -1 is out of range: must be a number of seconds from 0 to 300 (default 10) (using the default)",
            "\(path):5:1: audio.volume = 1.5 is out of range: must be a volume from 0 to 1 (default 0.8) (using the default)",
            "\(path):8:1: voice.rate = 1000 is out of range: must be a whole number of words per minute from 80 to 450 (default 160) (using the default)",
        ])
        #expect(loaded.config.breaks.routine == "warm-up")
        #expect(loaded.config.breaks.warningSeconds == 10)
        #expect(loaded.config.audio.volume == 0.8)
        #expect(loaded.config.audio.device == "null")
        #expect(loaded.config.voice.rate == 160)
    }

    @Test func badNamesAreExplained() {
        #expect(problems("[breaks]\nroutine = \"Posture Break\"\n[audio]\ndevice = \"\"\n[voice]\nlanguage = \"english\"\nvoice = \"\"\n") == [
            "2:1: breaks.routine \"Posture Break\" is not a routine name; use lowercase letters, digits and -, starting with a letter or digit (default \"posture-break\") (using the default)",
            "4:1: audio.device must be an ALSA device name such as \"default\" or \"hw:1\", not empty or with control characters (using the default)",
            "6:1: voice.language \"english\" is not a language tag; use one such as \"en\", \"de\" or \"en-GB\" (using the default)",
            "7:1: voice.voice \"\" is not an espeak-ng voice; use \"default\", a variant such as \"+f3\" or a voice such as \"en-us+m2\" (using the default)",
        ])
    }

    @Test func dottedKeysAndInlineTablesAreLocated() {
        #expect(problems("audio.volume = 3\nvoice = { enabled = true, rate = 5 }\n") == [
            "1:1: audio.volume = 3 is out of range: must be a volume from 0 to 1 (default 0.8) (using the default)",
            "2:27: voice.rate = 5 is out of range: must be a whole number of words per minute from 80 to 450 (default 160) (using the default)",
        ])
    }

    @Test func aSectionThatIsNotATableIsReported() {
        #expect(problems("breaks = 5\n") == ["1:1: breaks must be a table (a [breaks] section), not an integer"])
    }

    @Test func commandLineFlagsOverrideTheFile() {
        let file = parse("[audio]\ndevice = \"hw:1\"\nvolume = 0.3\n[breaks]\nwarning_seconds = 20\n").config
        let merged = file.applying(DaemonConfig.Overrides(device: "null"))
        #expect(merged.audio.device == "null")
        #expect(merged.audio.volume == 0.3)
        #expect(merged.breaks.warningSeconds == 20)
        let all = file.applying(DaemonConfig.Overrides(device: "d", volume: 1, breakRoutine: "warm-up", warningSeconds: 0))
        #expect(all.audio == { var a = DaemonConfig.Audio(); a.device = "d"; a.volume = 1; return a }())
        #expect(all.breaks.routine == "warm-up")
        #expect(all.breaks.warningSeconds == 0)
        #expect(file.applying(DaemonConfig.Overrides()) == file)
    }

    @Test func defaultPathFollowsXdg() {
        #expect(DaemonConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"]) == "/x/cfg/relief/reliefd.toml")
        #expect(DaemonConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.config/relief/reliefd.toml")
        #expect(DaemonConfig.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.config/relief/reliefd.toml")
        #expect(DaemonConfig.defaultPath(environment: [:]).hasSuffix("/.config/relief/reliefd.toml"))
    }

    @Test func unreadableFilesAreProblemsNotCrashes() throws {
        let scratch = try TemporaryDirectory()
        let directory = URL(fileURLWithPath: scratch.path)
        let asDirectory = DaemonConfig.load(path: directory.path)
        #expect(asDirectory.exists)
        #expect(asDirectory.config == DaemonConfig())
        #expect(asDirectory.problems.map(\.description) == ["\(directory.path): cannot read: is a directory; make it a readable TOML file, or remove it (using the defaults)"])

        let binary = directory.appendingPathComponent("reliefd.toml")
        try Data([0x5b, 0xff, 0xfe, 0x5d]).write(to: binary)
        #expect(DaemonConfig.load(path: binary.path).problems.map(\.message) == ["is not UTF-8 text; save the file as UTF-8 (using the defaults)"])
    }

    @Test func theExampleInTheDocsIsValidAndShowsTheDefaults() throws {
        let docs = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/systemd.md"), encoding: .utf8)
        let start = try #require(docs.range(of: "```toml\n"))
        let end = try #require(docs.range(of: "```", range: start.upperBound..<docs.endIndex))
        let example = parse(String(docs[start.upperBound..<end.lowerBound]))
        #expect(example.problems.isEmpty, "\(example.problems)")
        #expect(example.config == DaemonConfig())
    }
}
