/// One thing wrong with a routine file: where it is, which key, what is wrong and what would
/// be valid.
///
/// Its `description` is the one-line form editors and terminals understand:
/// `path:line:column: error: steps[2].hold: -5 is negative; give the hold time in seconds,
/// 1 ≤ hold ≤ 3600`. Line and column are left out when unknown (a missing key, an unreadable
/// file). Step indices in key paths count `[[steps]]` tables from 1, in file order.
public struct RoutineProblem: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file as the user named it, or `built-in/NAME.toml` for an embedded routine.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column (in characters), when known.
    public var column: Int?
    /// Where in the routine, e.g. `steps[2].hold` or `name`; nil for a whole-file problem.
    public var key: String?
    /// What is wrong, e.g. `-5 is negative`.
    public var message: String
    /// What would be valid, e.g. `give the hold time in seconds, 1 ≤ hold ≤ 3600`.
    public var fix: String?

    /// Creates a problem; `line` and `column` are 1-based.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil,
                message: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
        self.fix = fix
    }

    /// `path:line:column: error: key: message; fix`, leaving out what is unknown.
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": error: "
        if let key { text += "\(key): " }
        text += message
        if let fix { text += "; \(fix)" }
        return text
    }
}

/// Why a routine file did not load: every problem found in it, in file order (problems
/// without a position last). Never empty.
public struct RoutineFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem in the file, in file order.
    public var problems: [RoutineProblem]

    /// Wraps `problems`, sorting them by position so they read top to bottom.
    public init(problems: [RoutineProblem]) {
        self.problems = problems.sorted(by: RoutineFileError.filePosition)
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }

    /// Positioned problems first, by line then column; the rest keep their order.
    static func filePosition(_ a: RoutineProblem, _ b: RoutineProblem) -> Bool {
        switch (a.line, b.line) {
        case let (x?, y?) where x != y: return x < y
        case (.some, .some): return (a.column ?? 0) < (b.column ?? 0)
        case (.some, nil): return true
        default: return false
        }
    }
}
