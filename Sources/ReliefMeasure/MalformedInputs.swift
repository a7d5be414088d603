/// A seeded, reproducible stream of malformed inputs for the two parsers that read what
/// users and clients write: control-protocol request lines and routine files.
///
/// Each input starts from a valid sample (so the parsers get past their first checks) and is
/// damaged in one to four ways that people and broken clients actually produce: bytes
/// flipped, cut short, repeated, spliced with JSON/TOML fragments, wrong types, huge or
/// non-finite numbers, deep nesting, invalid UTF-8, NULs, very long lines. The same seed
/// always gives the same inputs, so a crash report names an input that can be replayed.
public struct MalformedInputs: Sendable {
    /// Which parser the inputs are meant for.
    public enum Kind: String, Sendable, CaseIterable {
        /// One request line of the control protocol, without its newline.
        case request
        /// The contents of a routine TOML file.
        case routine
        /// The contents of reliefd.toml (read through the same TOML front door).
        case config
    }

    /// Which parser these inputs target.
    public let kind: Kind
    private var random: SplitMix64

    /// A generator for `kind` starting from `seed`.
    public init(kind: Kind, seed: UInt64) {
        self.kind = kind
        random = SplitMix64(seed: seed ^ (kind == .request ? 0x5245_5155 : kind == .routine ? 0x524F_5554 : 0x434F_4E46))
    }

    /// The next malformed input.
    public mutating func next() -> [UInt8] {
        let samples = switch kind {
        case .request: MalformedInputs.requestSamples
        case .routine: MalformedInputs.routineSamples
        case .config: MalformedInputs.configSamples
        }
        var bytes = Array(samples[random.below(samples.count)].utf8)
        for _ in 0..<(1 + random.below(4)) { damage(&bytes) }
        return bytes
    }

    private mutating func damage(_ bytes: inout [UInt8]) {
        let fragments = kind == .request ? MalformedInputs.jsonFragments : MalformedInputs.tomlFragments
        let position = bytes.isEmpty ? 0 : random.below(bytes.count + 1)
        switch random.below(10) {
        case 0:  // flip one bit
            if !bytes.isEmpty { bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8)) }
        case 1:  // cut short
            bytes.removeSubrange(position...)
        case 2:  // drop a span
            let end = min(bytes.count, position + 1 + random.below(12))
            if position < end { bytes.removeSubrange(position..<end) }
        case 3:  // repeat a span
            let end = min(bytes.count, position + 1 + random.below(24))
            if position < end { bytes.insert(contentsOf: bytes[position..<end], at: position) }
        case 4, 5:  // splice in a fragment of the format
            bytes.insert(contentsOf: Array(fragments[random.below(fragments.count)].utf8), at: position)
        case 6:  // random bytes, invalid UTF-8 and NUL included
            bytes.insert(contentsOf: (0..<(1 + random.below(8))).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
        case 7 where kind != .request && random.below(4) == 0:  // a deep dotted key (toml++ recursed on it)
            let parts = 1 + random.below(random.below(2) == 0 ? 100 : 40_000)
            let key = Array(repeating: "a", count: parts).joined(separator: ".")
            bytes.insert(contentsOf: Array("\n\(random.below(2) == 0 ? key + " = 1" : "[" + key + "]")\n".utf8), at: position)
        case 7:  // deep nesting
            let depth = 1 + random.below(kind == .request ? 600 : 200)
            // Unbalanced half the time: the parser must fail cleanly either way.
            let nested = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: random.below(2) == 0 ? depth : depth / 2)
            bytes.insert(contentsOf: Array((kind == .request ? nested : "x = \(nested)\n").utf8), at: position)
        case 8:  // a long run of one character (long keys, strings, numbers)
            let byte = Array("9a\"\\ {[.-e\n".utf8)[random.below(11)]
            bytes.insert(contentsOf: [UInt8](repeating: byte, count: 1 + random.below(3000)), at: position)
        default:  // swap two bytes
            if bytes.count > 1 { bytes.swapAt(random.below(bytes.count), random.below(bytes.count)) }
        }
    }

    /// Valid request lines: every command, with and without arguments (also a seed corpus).
    public static let requestSamples = [
        #"{"cmd":"ping"}"#, #"{"cmd":"list"}"#, #"{"cmd":"show","routine":"wall-stretch"}"#,
        #"{"cmd":"start","routine":"posture-break","scheduled":true}"#, #"{"cmd":"stop"}"#,
        #"{"cmd":"pause"}"#, #"{"cmd":"resume"}"#, #"{"cmd":"toggle"}"#, #"{"cmd":"skip"}"#,
        #"{"cmd":"back"}"#, #"{"cmd":"extend","seconds":10}"#, #"{"cmd":"status"}"#,
        #"{"cmd":"subscribe"}"#, #"{"cmd":"cue","cue":"hold"}"#, #"{"cmd":"history","days":7}"#,
        #"{"cmd":"snooze","seconds":1800}"#, #"{"cmd":"reload"}"#,
        #"{ "cmd" : "extend" , "seconds" : 2.5e1 }"#, #"{"cmd":"show","routine":"caf\u00e9"}"#,
    ]

    /// JSON pieces that break types, limits and syntax.
    static let jsonFragments = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\u0000", "null", "true", "false",
        "-0", "1e309", "-1e309", "NaN", "Infinity", "1e-400", "18446744073709551616", "0x10", "01",
        "\"cmd\":", "\"cmd\":\"cmd\"", "\"seconds\":-1", "\"seconds\":\"10\"", "\"days\":3651",
        "\"days\":1.5", "\"routine\":null", "\"routine\":[]", "\"scheduled\":1", "{\"cmd\":{}}",
        "\"\u{FEFF}\"", "é", "\u{1F600}", "\r", "\n", "\t", " ",
    ]

    /// Valid routine files: timed and breathing steps, sides, cautions, optional keys.
    static let routineSamples = [
        """
        name = "wall-stretch"
        title = "Wall stretch"
        summary = "Open the chest against a wall."
        cautions = ["Stop at once on sharp pain."]

        [[steps]]
        name = "Wall stretch"
        how = "Place your forearm on the wall and turn away."
        prepare = 5
        hold = 30
        countdown = 3
        release = 5
        reps = 2
        rest = 10
        sides = ["left", "right"]
        """,
        """
        name = "deep-breathing"
        title = "Deep breathing"
        summary = "Slow breaths."

        [[steps]]
        name = "Breathing"
        how = "Breathe in on the rising sound."
        prepare = 5.5
        inhale = 4
        exhale = 6
        pause = 1
        reps = 6
        release = 3
        """,
        """
        name = "two-steps"
        title = "Two steps"
        summary = "A hold and a breath."
        [[steps]]
        name = "Hold"
        how = "Hold."
        hold = 20
        [[steps]]
        name = "Breath"
        how = "Breathe."
        inhale = 3
        exhale = 3
        """,
    ]

    /// reliefd.toml as users write it: every section, and a partial file.
    static let configSamples = [
        """
        [breaks]
        routine = "posture-break"
        warning_seconds = 10

        [audio]
        device = "default"
        volume = 0.8

        [voice]
        enabled = true
        rate = 160
        language = "en-GB"
        voice = "+f3"
        """,
        """
        [audio]
        volume = 1
        """,
        """
        breaks.routine = "wall-stretch"
        audio = { device = "hw:1", volume = 0.5 }
        """,
    ]

    /// TOML pieces that break types, limits and syntax.
    static let tomlFragments = [
        "[[steps]]\n", "[steps]\n", "[[", "]]", "=", " = ", "\"", "'", "\"\"\"", "'''", "#", "\n",
        "hold = -1\n", "hold = 1e400\n", "hold = nan\n", "hold = inf\n", "reps = 0\n", "reps = 9999999\n",
        "reps = 1.5\n", "sides = []\n", "sides = [\"up\"]\n", "sides = \"left\"\n", "name = 7\n",
        "inhale = 0\n", "countdown = -3\n", "prepare = \"5\"\n", "steps = 3\n", "steps = []\n",
        "extra = true\n", "name = \"../etc\"\n", "1979-05-27T07:32:00Z", "{ a = 1 }", "[1, \"a\"]",
        "\\u0000", "\\U0010FFFF", "\u{1F600}", "\r\n", "\t", "0x1F", "0o7", "0b1", "+inf", "1_000",
        "a.b.c = 1\n", "\"quoted key\" = 2\n", "[audio]\n", "[breaks]\n", "volume = 2\n", "device = \"\"\n",
        "x = [ } ]\n", "a = 1979-05-27T:32:00\n", "[\n",
    ]
}

/// SplitMix64: a tiny, well-mixed generator whose whole state is one seed, so a failing
/// sequence replays from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
