import ReliefCore

/// Something wrong in reliefd.toml: where (path, and line and column when known) and what,
/// including what would be valid. Printed as `PATH:LINE:COLUMN: MESSAGE`, the form editors
/// and terminals turn into a jump to the spot.
public struct ConfigProblem: Equatable, Sendable, CustomStringConvertible {
    /// The file the problem is in.
    public let path: String
    /// 1-based line, when known.
    public let line: Int?
    /// 1-based column, when known.
    public let column: Int?
    /// What is wrong and what would be valid.
    public let message: String

    /// Creates a problem report.
    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// A problem found while reading the file as TOML (the shared front door reports them
    /// as routine problems); the file's defaults are used instead.
    init(_ problem: RoutineProblem) {
        let fix = problem.fix.map { "; \($0)" } ?? ""
        self.init(path: problem.file, line: problem.line, column: problem.column,
                  message: "\(problem.message)\(fix) (using the defaults)")
    }

    /// `path:line:column: message`, or `path: message` when the position is unknown.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(path):\(line):\(column): \(message)"
        case let (line?, nil): return "\(path):\(line): \(message)"
        default: return "\(path): \(message)"
        }
    }
}
