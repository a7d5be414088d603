import Glibc
import ReliefProtocol
import ReliefCore
import ReliefVoice
import ReliefSystem

/// The result of reading reliefd.toml: the settings to use and everything wrong with the file.
///
/// Loading never fails as a whole: a value that is wrong is reported and its default used, so
/// one typo cannot keep the daemon (and with it the break timer) from starting. The daemon
/// logs ``problems`` at start and on reload; `reliefd check` can print them.
public struct LoadedConfig: Sendable {
    /// The file that was read (or would have been).
    public let path: String
    /// Whether the file exists; a missing file is not a problem, it means all defaults.
    public let exists: Bool
    /// The settings: the file's valid values, defaults for everything else.
    public let config: DaemonConfig
    /// What is wrong with the file, in file order; empty when it is fine.
    public let problems: [ConfigProblem]
}

extension DaemonConfig {
    /// Larger than any sensible config file; guards against pointing the daemon at a log file.
    static let fileSizeLimit = 1 << 20

    /// Reads and checks the config file at `path`. Never throws: a missing file gives the
    /// defaults, and an unreadable or invalid one gives defaults for what could not be used,
    /// with each issue in ``LoadedConfig/problems``.
    public static func load(path: String) -> LoadedConfig {
        switch readText(path: path) {
        case .missing: return LoadedConfig(path: path, exists: false, config: DaemonConfig(), problems: [])
        case .failed(let problem): return failed(path, problem)
        case .text(let text): return parse(text, path: path)
        }
    }

    /// What reading reliefd.toml gave: nothing there, its text, or why it cannot be used.
    enum FileText {
        case missing
        case text(String)
        case failed(RoutineProblem)
    }

    /// Reads reliefd.toml through the safe reader (a FIFO, a device or a huge file there is a
    /// problem, never a hang) and checks it is UTF-8 text. `reliefd check` reads it the same way.
    static func readText(path: String) -> FileText {
        do throws(FileSystemError) {
            let bytes = try SafeFile.read(path, limit: fileSizeLimit, what: "reliefd.toml")
            do throws(RoutineProblem) {
                return .text(try TOMLInput.text(of: bytes, file: path))
            } catch {
                return .failed(error)
            }
        } catch where error.isMissing {
            return .missing
        } catch {
            return .failed(RoutineProblem(file: path, message: "cannot read: \(error.message)",
                                          fix: "make it a readable TOML file, or remove it"))
        }
    }

    private static func failed(_ path: String, _ problem: RoutineProblem) -> LoadedConfig {
        LoadedConfig(path: path, exists: true, config: DaemonConfig(), problems: [ConfigProblem(problem)])
    }

    /// Checks config text as if read from `path` (which only labels the problems).
    public static func parse(_ text: String, path: String) -> LoadedConfig {
        let document: TOMLDocument
        do throws(RoutineProblem) {
            document = try TOMLInput.parse(text, file: path, example: "docs/systemd.md shows a complete reliefd.toml")
        } catch {
            return failed(path, error)
        }
        var reader = ConfigReader(path: path, document: document)
        let config = reader.read(document.root)
        return LoadedConfig(path: path, exists: true, config: config, problems: reader.sortedProblems)
    }
}

/// Walks a parsed document against the known settings, collecting values and problems.
private struct ConfigReader {
    let path: String
    /// Where each key is written (toml++'s positions, through ReliefCore's TOML front door).
    let document: TOMLDocument
    var problems: [ConfigProblem] = []

    init(path: String, document: TOMLDocument) {
        self.path = path
        self.document = document
    }

    /// A setting: its section and key, what a valid value looks like (for messages), and how
    /// to store a value or say why it is wrong.
    struct Setting: Sendable {
        let section: String
        let key: String
        let apply: @Sendable (TOMLValue, inout DaemonConfig) -> String?
    }

    static let sections = ["breaks", "audio", "voice", "media"]

    static let settings: [Setting] = [
        Setting(section: "breaks", key: "routine") { value, config in
            string(value, "a routine name such as \"posture-break\" (lowercase letters, digits and -)") {
                isRoutineName($0) ? nil : "\"\($0)\" is not a routine name; use lowercase letters, digits and -, starting with a letter or digit (default \"posture-break\")"
            } store: { config.breaks.routine = $0 }
        },
        Setting(section: "breaks", key: "warning_seconds") { value, config in
            number(value, DaemonConfig.Breaks.warningSecondsRange, "a number of seconds", defaultValue: "10") {
                config.breaks.warningSeconds = $0
            }
        },
        Setting(section: "breaks", key: "skip_in_call") { value, config in
            flag(value) { config.breaks.skipInCall = $0 }
        },
        Setting(section: "breaks", key: "after_call_seconds") { value, config in
            number(value, DaemonConfig.Breaks.afterCallSecondsRange, "a number of seconds", defaultValue: "120") {
                config.breaks.afterCallSeconds = $0
            }
        },
        Setting(section: "breaks", key: "skip_when_away") { value, config in
            flag(value) { config.breaks.skipWhenAway = $0 }
        },
        Setting(section: "breaks", key: "away_minutes") { value, config in
            number(value, DaemonConfig.Breaks.awayMinutesRange, "a number of minutes", defaultValue: "5") {
                config.breaks.awayMinutes = $0
            }
        },
        Setting(section: "breaks", key: "natural_breaks") { value, config in
            flag(value) { config.breaks.naturalBreaks = $0 }
        },
        Setting(section: "audio", key: "device") { value, config in
            string(value, "an ALSA device name such as \"default\" or \"hw:1\"") {
                $0.isEmpty || $0.unicodeScalars.contains { $0.properties.generalCategory == .control }
                    ? "must be an ALSA device name such as \"default\" or \"hw:1\", not empty or with control characters" : nil
            } store: { config.audio.device = $0 }
        },
        Setting(section: "audio", key: "volume") { value, config in
            number(value, DaemonConfig.Audio.volumeRange, "a volume", defaultValue: "0.8") { config.audio.volume = $0 }
        },
        Setting(section: "voice", key: "enabled") { value, config in
            flag(value) { config.voice.enabled = $0 }
        },
        Setting(section: "voice", key: "voice") { value, config in
            string(value, "a voice such as \"default\", \"+f3\" or \"en-us+m2\"") {
                (try? VoiceSettings.parseName($0)) == nil
                    ? "\"\($0)\" is not an espeak-ng voice; use \"default\", a variant such as \"+f3\" or a voice such as \"en-us+m2\"" : nil
            } store: { config.voice.voice = $0 }
        },
        Setting(section: "voice", key: "language") { value, config in
            string(value, "a language tag such as \"en\" or \"en-GB\"") {
                isLanguageTag($0) ? nil : "\"\($0)\" is not a language tag; use one such as \"en\", \"de\" or \"en-GB\""
            } store: { config.voice.language = $0 }
        },
        Setting(section: "voice", key: "rate") { value, config in
            let range = DaemonConfig.Voice.rateRange
            let valid = "a whole number of words per minute from \(range.lowerBound) to \(range.upperBound) (default 160)"
            guard let rate = value.int else { return "must be \(valid), not \(describe(value.type))" }
            guard range.contains(rate) else { return "= \(rate) is out of range: must be \(valid)" }
            config.voice.rate = rate
            return nil
        },
        Setting(section: "media", key: "pause_others") { value, config in
            guard let flag = value.bool else { return "must be true or false (default true), not \(describe(value.type))" }
            config.media.pauseOthers = flag
            return nil
        },
    ]

    mutating func read(_ document: TOMLTable) -> DaemonConfig {
        var config = DaemonConfig()
        for (name, value) in document {
            guard Self.sections.contains(name) else {
                let valid = Self.sections.map { "[\($0)]" }.joined(separator: ", ")
                let hint = suggestion(for: name, among: Self.sections).map { " — did you mean [\($0)]?" } ?? ""
                report([name], "unknown section [\(name)]\(hint); valid sections: \(valid)")
                continue
            }
            guard let table = value.table else {
                report([name], "\(name) must be a table (a [\(name)] section), not \(Self.describe(value.type))")
                continue
            }
            let known = Self.settings.filter { $0.section == name }
            for (key, value) in table {
                guard let setting = known.first(where: { $0.key == key }) else {
                    let keys = known.map(\.key)
                    let hint = suggestion(for: key, among: keys).map { " — did you mean \"\($0)\"?" } ?? ""
                    report([name, key], "unknown key \"\(key)\" in [\(name)]\(hint); valid keys: \(keys.joined(separator: ", "))")
                    continue
                }
                if let message = setting.apply(value, &config) {
                    report([name, key], "\(name).\(key) \(message) (using the default)")
                }
            }
        }
        return config
    }

    var sortedProblems: [ConfigProblem] {
        problems.enumerated().sorted { a, b in
            let left = (a.element.line ?? .max, a.element.column ?? .max, a.offset)
            let right = (b.element.line ?? .max, b.element.column ?? .max, b.offset)
            return left < right
        }.map(\.element)
    }

    mutating func report(_ keyPath: [String], _ message: String) {
        let position = document.position(of: keyPath)
        problems.append(ConfigProblem(path: path, line: position?.line, column: position?.column, message: message))
    }

    // MARK: Value checks

    static func string(
        _ value: TOMLValue, _ valid: String,
        check: (String) -> String?, store: (String) -> Void
    ) -> String? {
        guard let text = value.string else { return "must be \(valid), not \(describe(value.type))" }
        if let problem = check(text) { return problem }
        store(text)
        return nil
    }

    static func flag(_ value: TOMLValue, store: (Bool) -> Void) -> String? {
        guard let flag = value.bool else { return "must be true or false, not \(describe(value.type))" }
        store(flag)
        return nil
    }

    /// A number in `range`; TOML integers count too (`volume = 1`, `warning_seconds = 30`).
    static func number(
        _ value: TOMLValue, _ range: ClosedRange<Double>, _ what: String, defaultValue: String,
        store: (Double) -> Void
    ) -> String? {
        let valid = "\(what) from \(format(range.lowerBound)) to \(format(range.upperBound)) (default \(defaultValue))"
        guard let number = value.double ?? value.int.map(Double.init) else {
            return "must be \(valid), not \(describe(value.type))"
        }
        guard number.isFinite, range.contains(number) else { return "= \(format(number)) is out of range: must be \(valid)" }
        store(number)
        return nil
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    static func describe(_ type: TOMLType) -> String {
        switch type {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a decimal number"
        case .bool: return "true/false"
        case .table: return "a table"
        case .array: return "an array"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        }
    }

    /// SPEC "Routines": `[a-z0-9][a-z0-9-]*`.
    static func isRoutineName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isLowerAlphanumeric(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
    }

    static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// A BCP 47-shaped tag: 2–3 letter language, then `-` and 1–8 letters or digits per subtag.
    static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.count),
              language.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }

    /// The closest valid name to a misspelt one, if it is close (``Suggestion``).
    func suggestion(for name: String, among valid: [String]) -> String? {
        Suggestion.closest(to: name, among: valid)
    }
}
