import ReliefSystem

/// What `reliefd check FILE…` does: validate routine files without a daemon.
///
/// Each path is a routine file, or a directory whose `*.toml` files are all checked. A valid
/// file prints `path: ok (N steps, M:SS)`, with the routine's total duration at time
/// scale 1; a broken, missing or unreadable one prints each of its problems as
/// `path:line:column: error: key: what is wrong; what would be valid`.
public enum RoutineCheck {
    /// The outcome of a check.
    public struct Report: Sendable, Equatable {
        /// Lines to print, in order: one per valid file, one per problem.
        public var lines: [String]
        /// Whether every file was valid (true for an empty list: `reliefd check` requires a FILE).
        public var allValid: Bool
        /// Every problem found, in the order printed.
        public var problems: [RoutineProblem]

        /// The process exit status `reliefd check` uses: 0 when all files are valid,
        /// 65 (`EX_DATAERR`) otherwise.
        public var exitStatus: Int32 { allValid ? 0 : 65 }
    }

    /// Checks every path in order; see the type's documentation.
    public static func run(paths: [String]) -> Report {
        var report = Report(lines: [], allValid: true, problems: [])
        for path in paths {
            if FileSystem.kind(of: path) == .directory {
                checkDirectory(path, into: &report)
            } else {
                checkFile(path, into: &report)
            }
        }
        return report
    }

    private static func checkFile(_ path: String, into report: inout Report) {
        do throws(RoutineFileError) {
            let routine = try RoutineFile.load(path: path)
            let count = routine.steps.count
            let duration = Timeline(routine: routine).duration
            report.lines.append("\(path): ok (\(count) step\(count == 1 ? "" : "s"), \(formatDuration(duration)))")
        } catch {
            report.allValid = false
            report.problems += error.problems
            report.lines += error.problems.map(\.description)
        }
    }

    private static func checkDirectory(_ path: String, into report: inout Report) {
        let names: [String]
        do throws(FileSystemError) {
            names = try FileSystem.contents(ofDirectory: path)
        } catch {
            fail(RoutineProblem(file: path, message: "cannot read directory: \(error.message)",
                                fix: "make it readable"), into: &report)
            return
        }
        let files = RoutineLibrary.routineFiles(named: names, in: path)
        guard !files.isEmpty else {
            fail(RoutineProblem(file: path, message: "has no routine files",
                                fix: "routine files are named NAME.toml"), into: &report)
            return
        }
        for file in files { checkFile(file, into: &report) }
    }

    private static func fail(_ problem: RoutineProblem, into report: inout Report) {
        report.allValid = false
        report.problems.append(problem)
        report.lines.append(problem.description)
    }

    /// `M:SS`, rounded to the second; minutes go past 59 rather than adding hours.
    public static func formatDuration(_ seconds: Double) -> String {
        let total = seconds.isFinite ? max(0, Int(seconds.rounded())) : 0
        let remainder = total % 60
        return "\(total / 60):\(remainder < 10 ? "0" : "")\(remainder)"
    }
}
