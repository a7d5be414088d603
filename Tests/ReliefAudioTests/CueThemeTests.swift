import Glibc
import ReliefCue
import ReliefMeasure
import Testing
@testable import ReliefAudio

@Suite struct CueThemeTests {
    @Test func everyBuiltInCueIsShortStereoAndLeavesHeadroom() throws {
        #expect(BuiltinSounds.names == Cue.allCases.map(\.rawValue))
        for cue in Cue.allCases {
            let bytes = try #require(BuiltinSounds.wav(named: cue.rawValue))
            let clip = try Clip(wav: bytes)
            #expect(clip.sampleRate == 48_000, "\(cue.rawValue)")
            // Breath cues swell slowly and complete rings out; the rest are brief.
            let limit = [Cue.inhale, .exhale, .complete, .warning].contains(cue) ? 0.7 : 0.4
            #expect(clip.duration <= limit + 1e-9, "\(cue.rawValue) lasts \(clip.duration) s")
            // At most −6 dBFS, so two overlapping cues stay below the limiter's knee.
            #expect(clip.peak <= 0.51, "\(cue.rawValue) peaks at \(clip.peak)")
            #expect(clip.peak > 0.05, "\(cue.rawValue) is nearly silent")
        }
    }

    @Test func switchSideTravelsFromLeftToRight() throws {
        let clip = CueTheme.builtIn().clips[.switchSide]!
        let half = clip.frameCount / 2
        func energy(_ frames: Range<Int>, channel: Int) -> Float {
            frames.reduce(0) { $0 + clip.samples[2 * $1 + channel] * clip.samples[2 * $1 + channel] }
        }
        #expect(energy(0..<half, channel: 0) > 4 * energy(0..<half, channel: 1))
        #expect(energy(half..<clip.frameCount, channel: 1) > 4 * energy(half..<clip.frameCount, channel: 0))
    }

    /// A time–frequency fingerprint: 35 slices of 20 ms, each with the energy at 24
    /// log-spaced frequencies (100 Hz–4 kHz) in each ear.
    static func fingerprint(_ clip: Clip) -> [Double] {
        let slice = 960
        let frequencies = (0..<24).map { 100 * pow(40, Double($0) / 23) }
        var features: [Double] = []
        for s in 0..<35 {
            for channel in 0..<2 {
                for frequency in frequencies {
                    // Goertzel: the power of one frequency over the slice.
                    let coefficient = 2 * cos(2 * Double.pi * frequency / 48_000)
                    var previous = 0.0, beforePrevious = 0.0
                    for i in (s * slice)..<((s + 1) * slice) {
                        let x = i < clip.frameCount ? Double(clip.samples[2 * i + channel]) : 0
                        let current = x + coefficient * previous - beforePrevious
                        beforePrevious = previous
                        previous = current
                    }
                    let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
                    features.append(sqrt(max(0, power)))
                }
            }
        }
        let norm = sqrt(features.reduce(0) { $0 + $1 * $1 })
        return features.map { $0 / norm }
    }

    @Test func everyCueIsDistinguishableFromEveryOtherBySpectrum() {
        let theme = CueTheme.builtIn()
        let prints = Cue.allCases.map { Self.fingerprint(theme.clips[$0]!) }
        var closest = (0.0, "")
        for a in 0..<prints.count {
            for b in (a + 1)..<prints.count {
                let similarity = zip(prints[a], prints[b]).reduce(0) { $0 + $1.0 * $1.1 }
                let pair = "\(Cue.allCases[a].rawValue)/\(Cue.allCases[b].rawValue)"
                if similarity > closest.0 { closest = (similarity, pair) }
                #expect(similarity < 0.8, "\(pair) sound alike (similarity \(similarity))")
            }
        }
        print("most similar cue pair: \(closest.1) at \(closest.0)")
    }

    @Test func overridesAreConvertedBadFilesReportedAndTheBuiltInUsed() throws {
        let root = try #require(makeTemporaryDirectory(prefix: "relief-theme"))
        defer { removeTree(root) }
        let sounds = "\(root)/sounds", user = "\(root)/user"
        mkdir(sounds, 0o755)
        mkdir(user, 0o755)
        // begin: a mono 8-bit 22.05 kHz file of 0.1 s in --sounds.
        let begin = (0..<2_205).map { _ in [0.25] }
        try write(WAVWriter.make(begin, rate: 22_050, encoding: .u8), to: "\(sounds)/begin.wav")
        // hold: in both directories; --sounds comes first.
        try write(WAVWriter.make([[0.5, 0.5]], rate: 48_000, encoding: .s16), to: "\(sounds)/hold.wav")
        try write(WAVWriter.make([[0.1, 0.1]], rate: 48_000, encoding: .s16), to: "\(user)/hold.wav")
        // tick: garbage in the user directory.
        try write(Array("not a sound".utf8), to: "\(user)/tick.wav")
        // stop: far too long.
        try write(WAVWriter.make([[Double]](repeating: [0, 0], count: 8_000 * 11), rate: 8_000, encoding: .u8),
                  to: "\(user)/stop.wav")

        let theme = CueTheme.load(overrideDirectories: [sounds, user])
        let loadedBegin = try #require(theme.clips[.begin])
        #expect(loadedBegin.sampleRate == 48_000)
        #expect(abs(loadedBegin.duration - 0.1) < 0.001)
        #expect(abs(loadedBegin.samples[4_000] - 0.25) < 0.01 && loadedBegin.samples[4_000] == loadedBegin.samples[4_001])
        #expect(theme.sources[.begin] == "\(sounds)/begin.wav")
        #expect(theme.sources[.hold] == "\(sounds)/hold.wav")
        #expect(theme.sources[.tick] == "built-in")
        #expect(theme.sources[.stop] == "built-in")
        #expect(theme.sources[.release] == "built-in")
        #expect(theme.problems.count == 2)
        #expect(theme.problems.contains { $0.hasPrefix("\(user)/tick.wav: not a WAV file") && $0.contains("built-in") })
        #expect(theme.problems.contains { $0.hasPrefix("\(user)/stop.wav: too long") })
        #expect(theme.clips[.tick] == CueTheme.builtIn().clips[.tick])
    }

    @Test func anAbsurdSampleRateIsRefusedBeforeAnyConversion() throws {
        // 768 kHz cost 27 s of CPU to convert at every start and reload.
        let root = try #require(makeTemporaryDirectory(prefix: "relief-theme"))
        defer { removeTree(root) }
        try write(WAVWriter.make([[Double]](repeating: [0.1, 0.1], count: 768), rate: 768_000, encoding: .s16),
                  to: "\(root)/hold.wav")
        let theme = CueTheme.load(overrideDirectories: [root])
        #expect(theme.sources[.hold] == "built-in")
        #expect(theme.problems == ["\(root)/hold.wav: sample rate 768000 Hz is not supported; save it at 8000 to 192000 Hz (48000 is best) — using the built-in \"hold\" cue instead"])
    }

    @Test func theUserDirectoryFollowsXDG() {
        #expect(CueTheme.userDirectory(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"]) == "/c/relief/sounds")
        #expect(CueTheme.userDirectory(environment: ["HOME": "/h"]) == "/h/.config/relief/sounds")
        #expect(CueTheme.userDirectory(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/relief/sounds")
        #expect(CueTheme.userDirectory(environment: [:]) == nil)
    }

    @Test func reloadPicksUpNewOverrides() throws {
        let root = try #require(makeTemporaryDirectory(prefix: "relief-reload"))
        defer { removeTree(root) }
        let stream = CueStream(device: "null", alsaConfig: nil, soundDirectories: [root])
        #expect(stream.theme.sources[.pause] == "built-in")
        try write(WAVWriter.make([[0.3, 0.3]], rate: 48_000, encoding: .s16), to: "\(root)/pause.wav")
        stream.reloadSounds()
        #expect(stream.theme.sources[.pause] == "\(root)/pause.wav")
    }
}

func write(_ bytes: [UInt8], to path: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    try #require(fd >= 0)
    defer { close(fd) }
    let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    try #require(written == bytes.count)
}
