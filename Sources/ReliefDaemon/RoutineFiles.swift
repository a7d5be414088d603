import FoundationEssentials
import ReliefCore
import ReliefProtocol
import TOMLKit

/// Routine files read from directories: the daemon's interim loader until ReliefCore's routine
/// library (with the built-in routines and full validation) is wired in its place.
///
/// It follows SPEC "Routines" for the file format: `NAME.toml` with `name` (the base name),
/// `title`, `summary`, optional `cautions` and one or more `[[steps]]`. Later directories
/// replace routines of the same name from earlier ones.
public struct RoutineFiles: RoutineSource {
    /// Directories searched, in order; a missing directory is not a problem.
    public var directories: [String]
    /// Cautions added after each routine's own (the seeds' general safety notes).
    public var generalCautions: [String]

    /// Reads `*.toml` from `directories`.
    public init(directories: [String], generalCautions: [String] = RoutineFiles.safetyNotes) {
        self.directories = directories
        self.generalCautions = generalCautions
    }

    /// The safety rules every routine carries (from the seed articles).
    public static let safetyNotes = [
        "Stop at once on sharp or radiating pain, numbness or tingling.",
        "Never force a joint to crack; move only as far as is comfortable.",
        "Do not self-adjust with severe osteoporosis, a spinal infection, after spinal surgery or a recent injury.",
        "See a doctor or physiotherapist if pain persists, worsens or comes with other symptoms.",
    ]

    /// Every valid routine in the directories, and one problem line per bad file.
    public func load() -> RoutineCatalog {
        var catalog: [String: CatalogRoutine] = [:]
        var problems: [String] = []
        for directory in directories {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for name in names.sorted() where name.hasSuffix(".toml") {
                let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                switch Self.read(path: path) {
                case .success(let routine):
                    catalog[routine.name] = CatalogRoutine(routine: routine, origin: .user,
                                                           cautions: routine.cautions + generalCautions)
                case .failure(let problem):
                    problems.append(problem.description)
                }
            }
        }
        return RoutineCatalog(routines: catalog, problems: problems)
    }

    /// Validates each file; returns one problem line per invalid file (empty: all valid).
    public static func check(paths: [String]) -> [String] {
        paths.compactMap { path in
            if case .failure(let problem) = read(path: path) { return problem.description }
            return nil
        }
    }

    /// Reads and validates one routine file.
    public static func read(path: String) -> Result<Routine, RoutineFileProblem> {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        guard fileName.hasSuffix(".toml") else {
            return .failure(.init(path: path, message: "a routine file must be named NAME.toml"))
        }
        let baseName = String(fileName.dropLast(5))
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.init(path: path, message: "cannot read the file (missing, unreadable or a directory)"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(.init(path: path, message: "the file is not UTF-8 text"))
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return .failure(.init(path: path, line: error.source.begin.line, column: error.source.begin.column,
                                  message: "not valid TOML: \(error.description)"))
        } catch {
            return .failure(.init(path: path, message: "not valid TOML: \(error)"))
        }
        do {
            return .success(try RoutineFileReader(path: path).routine(from: table, baseName: baseName))
        } catch {
            return .failure(error)
        }
    }
}

/// What is wrong with a routine file, and where.
public struct RoutineFileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong and what is valid.
    public var message: String

    /// Creates a problem report.
    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `PATH:LINE:COLUMN: message`, or `PATH: message` when the place is unknown.
    public var description: String {
        if let line, let column { return "\(path):\(line):\(column): \(message)" }
        return "\(path): \(message)"
    }
}

/// Turns a parsed TOML table into a `Routine`, checking every key and value.
private struct RoutineFileReader {
    let path: String
    static let routineKeys: Set = ["name", "title", "summary", "cautions", "steps"]
    static let stepKeys: Set = ["name", "how", "prepare", "hold", "countdown", "inhale", "exhale", "pause",
                                "release", "reps", "rest", "sides"]
    /// Longer than any sensible phase: catches minutes typed as seconds twice over.
    static let longestTime = 3600.0

    func fail(_ message: String) -> RoutineFileProblem { RoutineFileProblem(path: path, message: message) }

    func routine(from table: TOMLTable, baseName: String) throws(RoutineFileProblem) -> Routine {
        try onlyKnownKeys(table, Self.routineKeys, where: "the routine")
        let name = try text(table, "name", where: "the routine")
        guard Self.isValidName(name) else {
            throw fail("name \"\(name)\" must match [a-z0-9][a-z0-9-]* (lowercase letters, digits, dashes)")
        }
        guard name == baseName else {
            throw fail("name \"\(name)\" must be the file's base name \"\(baseName)\"")
        }
        let cautions = try strings(table, "cautions", where: "the routine")
        guard let steps = table["steps"]?.array, steps.count > 0 else {
            throw fail("the routine has no steps: add at least one [[steps]] table")
        }
        var parsed: [Step] = []
        for (index, value) in steps.enumerated() {
            guard let step = value.table else { throw fail("steps[\(index + 1)] must be a table ([[steps]])") }
            parsed.append(try self.step(step, where: "step \(index + 1)"))
        }
        return Routine(name: name, title: try text(table, "title", where: "the routine"),
                       summary: try text(table, "summary", where: "the routine"), cautions: cautions, steps: parsed)
    }

    func step(_ table: TOMLTable, where place: String) throws(RoutineFileProblem) -> Step {
        try onlyKnownKeys(table, Self.stepKeys, where: place)
        let hold = try time(table, "hold", where: place)
        let inhale = try time(table, "inhale", where: place)
        let exhale = try time(table, "exhale", where: place)
        let action: Step.Action
        switch (hold, inhale, exhale) {
        case (let hold?, nil, nil):
            let countdown = try whole(table, "countdown", where: place, range: 0...Int(hold)) ?? 3
            action = .hold(seconds: hold, countdown: countdown)
        case (nil, let inhale?, let exhale?):
            action = .breathe(inhale: inhale, exhale: exhale, pause: try time(table, "pause", where: place) ?? 0)
        default:
            throw fail("\(place): give either hold, or inhale and exhale (for a breathing step), not both")
        }
        return Step(name: try text(table, "name", where: place), how: try text(table, "how", where: place),
                    prepare: try time(table, "prepare", where: place) ?? 0, action: action,
                    release: try time(table, "release", where: place) ?? 0,
                    reps: try whole(table, "reps", where: place, range: 1...100) ?? 1,
                    rest: try time(table, "rest", where: place) ?? 0,
                    sides: try strings(table, "sides", where: place))
    }

    func onlyKnownKeys(_ table: TOMLTable, _ known: Set<String>, where place: String) throws(RoutineFileProblem) {
        for key in table.keys.sorted() where !known.contains(key) {
            throw fail("\(place): unknown key \"\(key)\"; valid keys are \(known.sorted().joined(separator: ", "))")
        }
    }

    func text(_ table: TOMLTable, _ key: String, where place: String) throws(RoutineFileProblem) -> String {
        guard let value = table[key]?.string, !value.isEmpty else {
            throw fail("\(place): \(key) is missing or not a non-empty string")
        }
        return value
    }

    func strings(_ table: TOMLTable, _ key: String, where place: String) throws(RoutineFileProblem) -> [String] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw fail("\(place): \(key) must be a list of strings") }
        var result: [String] = []
        for item in array {
            guard let string = item.string else { throw fail("\(place): \(key) must be a list of strings") }
            result.append(string)
        }
        return result
    }

    /// Seconds, written as an integer or a decimal (TOML keeps them apart).
    func time(_ table: TOMLTable, _ key: String, where place: String) throws(RoutineFileProblem) -> Double? {
        guard let value = table[key] else { return nil }
        guard let seconds = value.double ?? value.int.map(Double.init) else {
            throw fail("\(place): \(key) must be a number of seconds")
        }
        guard seconds.isFinite, seconds >= 0, seconds <= Self.longestTime else {
            throw fail("\(place): \(key) = \(Wire.number(seconds)) is out of range; use 0 to \(Int(Self.longestTime)) seconds")
        }
        return seconds
    }

    func whole(_ table: TOMLTable, _ key: String, where place: String, range: ClosedRange<Int>) throws(RoutineFileProblem) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int, range.contains(number) else {
            throw fail("\(place): \(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func allowed(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = bytes.first, allowed(first) else { return false }
        return bytes.allSatisfy { allowed($0) || $0 == UInt8(ascii: "-") }
    }
}
