/// The one front door through which every TOML file reaches toml++: routines, reliefd.toml
/// and `reliefd check` all come this way. What comes out is a `TOMLDocument` that knows
/// where each key is written, so every later problem can point at its line and column.
///
/// toml++ aborts the process on some malformed inputs and recurses without bound on others
/// (see `TOMLParserGuard`), so text that was not checked here must never be parsed. Every
/// failure is a `RoutineProblem` with the file, and the line and column where known.
public enum TOMLInput {
    /// The UTF-8 text of a file's bytes; a NUL byte or invalid UTF-8 is a problem.
    public static func text(of bytes: [UInt8], file: String) throws(RoutineProblem) -> String {
        if bytes.contains(0) {
            throw RoutineProblem(file: file, message: "contains a NUL byte, so it is not a text file",
                                 fix: "give a TOML text file")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RoutineProblem(file: file, message: "is not UTF-8 text", fix: "save the file as UTF-8")
        }
        return text
    }

    /// Parses `text` (from `file`, which only labels problems) after the guard has passed it.
    /// `example` says where a valid file can be seen, for the fix of a syntax error.
    public static func parse(_ text: String, file: String, example: String) throws(RoutineProblem) -> TOMLDocument {
        if let problem = TOMLParserGuard.problem(in: text, file: file) { throw problem }
        do throws(TOMLDocument.SyntaxError) {
            return try TOMLDocument.parse(checked: text)
        } catch {
            throw RoutineProblem(file: file, line: error.position?.line, column: error.position?.column,
                                 message: "not valid TOML: \(error.description)",
                                 fix: error.position == nil ? example : "fix the syntax here; \(example)")
        }
    }
}
