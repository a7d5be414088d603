import Glibc
import ReliefCore
import ReliefSystem

/// What `reliefd check` without files does: checks the user's whole setup as the daemon would
/// read it — reliefd.toml, then every routine directory — and that the break routine the
/// timer will ask for exists.
///
/// Lines are `PATH: ok …` for what is fine and `PATH:LINE:COLUMN: …` for each problem, so a
/// user sees at once which file to fix and where.
public enum SetupCheck {
    /// The outcome: lines to print and whether everything is valid.
    public struct Report: Sendable, Equatable {
        /// Lines in order: one per file or directory that is fine, one per problem.
        public var lines: [String] = []
        /// The problem lines among ``lines`` (for printing them to stderr).
        public var problems: [String] = []
        /// True when nothing is wrong.
        public var allValid: Bool { problems.isEmpty }
        /// `reliefd check`'s exit status: 0 when all is valid, 65 (`EX_DATAERR`) otherwise,
        /// as for routine files.
        public var exitStatus: Int32 { allValid ? 0 : 65 }

        mutating func ok(_ line: String) { lines.append(line) }
        mutating func problem(_ line: String) {
            lines.append(line)
            problems.append(line)
        }
    }

    /// Checks the config file at `configPath` and the routine directories of `environment`
    /// (plus `extraDirectories`, as `--routines` gives them).
    public static func run(configPath: String, environment: [String: String], extraDirectories: [String] = []) -> Report {
        var report = Report()
        let file = DaemonConfig.load(path: configPath)
        if !file.exists {
            report.ok("\(configPath): not present; the defaults apply (break routine \(file.config.breaks.routine), warning \(Int(file.config.breaks.warningSeconds)) s, device \(file.config.audio.device), volume \(file.config.audio.volume))")
        } else if file.problems.isEmpty {
            report.ok("\(configPath): ok")
        }
        for problem in file.problems { report.problem(problem.description) }

        let directories = RoutineDirectory.searchPath(environment: environment, home: environment["HOME"],
                                                      extra: extraDirectories)
        for directory in directories {
            // The default directory is optional: missing or empty is fine, unlike a --routines DIR.
            if !directory.mustExist && !exists(directory.path) {
                report.ok("\(directory.path): not present; no user routines")
                continue
            }
            if !directory.mustExist && isDirectory(directory.path) && !hasTOMLFiles(directory.path) {
                report.ok("\(directory.path): no routine files (NAME.toml); no user routines")
                continue
            }
            let checked = RoutineCheck.run(paths: [directory.path])
            let problemLines = Set(checked.problems.map(\.description))
            for line in checked.lines {
                if problemLines.contains(line) { report.problem(line) } else { report.ok(line) }
            }
        }

        // The timer asks for this routine: it must load (a built-in, or a user file that is valid).
        let library = RoutineLibrary.load(environment: environment, home: environment["HOME"],
                                          extraDirectories: extraDirectories)
        let routine = file.config.breaks.routine
        if library.routine(named: routine) == nil {
            // Point at the key when the file names the routine (the default cannot be missing
            // unless a user file broke it).
            let place = file.exists ? readText(configPath).flatMap { (try? TOMLInput.parse($0, file: configPath, example: ""))?.position(of: ["breaks", "routine"]) } : nil
            let problem = ConfigProblem(path: configPath, line: place?.line, column: place?.column,
                                        message: "[breaks] routine \"\(routine)\" is not a routine; scheduled breaks would fail. Name one of: \(library.names.joined(separator: ", "))")
            report.problem(problem.description)
        }
        return report
    }

    /// The file's text, or nil when it cannot be read (its problems are reported already).
    private static func readText(_ path: String) -> String? {
        if case .text(let text) = DaemonConfig.readText(path: path) { return text }
        return nil
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private static func hasTOMLFiles(_ path: String) -> Bool {
        // Unreadable: let RoutineCheck say so.
        guard let names = try? FileSystem.contents(ofDirectory: path) else { return true }
        return names.contains { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }
    }

    private static func isDirectory(_ path: String) -> Bool {
        FileSystem.kind(of: path) == .directory
    }
}
