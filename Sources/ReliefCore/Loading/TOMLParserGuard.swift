/// Inputs that make TOMLKit's bundled toml++ parser abort the process (a failed internal
/// assertion in `parse_key`) instead of reporting a parse error, caught before the text
/// reaches it.
///
/// Found by `make bench`'s malformed-input run: a table header whose `[` or `[[` is followed
/// (after optional spaces or tabs) by anything but a key, a quote or `]` — `[\n`, `[\r\n`,
/// `[[[x]]]`, `[.a]`, `[#]`, `[é]` — aborts toml++ 3. A routine file like that would kill
/// `reliefd check`, and reliefd itself when it loads ~/.config/relief/routines. Such a header
/// is never valid TOML, so refusing it here loses nothing; the problem says where it is.
///
/// Headers are only recognised where TOML has them: at the start of a line, outside strings,
/// comments, arrays and inline tables (a line of a multi-line string or array may start with `[`).
enum TOMLParserGuard {
    /// The first such header of `text` as a problem in `file`, or nil when there is none.
    static func problem(in text: String, file: String) -> RoutineProblem? {
        let bytes = Array(text.utf8)
        var scanner = Scanner(bytes: bytes)
        return scanner.firstBadHeader().map { line, column in
            RoutineProblem(file: file, line: line, column: column,
                           message: "a table header must start with its name right after the bracket",
                           fix: "put the name (letters, digits, _ or -, or a quoted name) right after the bracket on the same line, e.g. [[steps]]")
        }
    }

    /// A byte-level walk that knows just enough TOML to tell headers from values.
    private struct Scanner {
        let bytes: [UInt8]
        var at = 0
        var line = 1
        var lineStart = 0
        /// Inside a value (after `=` until the end of its line), or nested in `[`/`{` of one.
        var inValue = false
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func byte(_ offset: Int = 0) -> UInt8? { at + offset < bytes.count ? bytes[at + offset] : nil }
        func starts(with text: String) -> Bool {
            let pattern = Array(text.utf8)
            return at + pattern.count <= bytes.count && Array(bytes[at..<at + pattern.count]) == pattern
        }

        mutating func newline() {
            line += 1
            lineStart = at + 1
        }

        /// Skips to just after `terminator`, honouring backslash escapes when `escapes`.
        mutating func skipString(until terminator: String, escapes: Bool, multiline: Bool) {
            while let current = byte() {
                if escapes && current == UInt8(ascii: "\\") {
                    if byte(1) == UInt8(ascii: "\n") { at += 1; newline() }
                    at += 2
                    continue
                }
                if starts(with: terminator) {
                    at += terminator.utf8.count
                    return
                }
                if current == UInt8(ascii: "\n") {
                    if !multiline { return }  // unterminated: toml++ reports it
                    newline()
                }
                at += 1
            }
        }

        mutating func firstBadHeader() -> (Int, Int)? {
            var atLineStart = true
            while let current = byte() {
                switch current {
                case UInt8(ascii: "\n"):
                    newline()
                    if depth == 0 { inValue = false }
                    atLineStart = true
                    at += 1
                    continue
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    at += 1
                    continue
                case UInt8(ascii: "#"):
                    while let next = byte(), next != UInt8(ascii: "\n") { at += 1 }
                    continue
                case UInt8(ascii: "\""):
                    if starts(with: "\"\"\"") { at += 3; skipString(until: "\"\"\"", escapes: true, multiline: true) }
                    else { at += 1; skipString(until: "\"", escapes: true, multiline: false) }
                case UInt8(ascii: "'"):
                    if starts(with: "'''") { at += 3; skipString(until: "'''", escapes: false, multiline: true) }
                    else { at += 1; skipString(until: "'", escapes: false, multiline: false) }
                case UInt8(ascii: "="):
                    inValue = true
                    at += 1
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if current == UInt8(ascii: "[") && atLineStart && !inValue {
                        let column = at - lineStart + 1
                        at += 1
                        if byte() == UInt8(ascii: "[") { at += 1 }
                        while byte() == UInt8(ascii: " ") || byte() == UInt8(ascii: "\t") { at += 1 }
                        guard let first = byte(), Scanner.canStartKey(first) else { return (line, column) }
                        continue  // the rest of the header is toml++'s to check
                    }
                    depth += 1
                    inValue = true
                    at += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if depth > 0 { depth -= 1 }
                    at += 1
                default:
                    at += 1
                }
                atLineStart = false
            }
            return nil
        }

        /// What toml++ accepts after a header's bracket: a bare key, a quoted key, or `]`.
        static func canStartKey(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "]"):
                return true
            default:
                return false
            }
        }
    }
}
