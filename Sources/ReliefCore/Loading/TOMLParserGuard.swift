/// Inputs that make the toml++ parser abort the process (a failed internal
/// assertion in `parse_key`) instead of reporting a parse error, caught before the text
/// reaches it.
///
/// Found by `make bench`'s malformed-input run, two shapes abort toml++ 3:
/// - a table header whose `[` or `[[` is followed (after optional spaces or tabs) by anything
///   but a key, a quote or `]`: `[\n`, `[\r\n`, `[[[x]]]`, `[.a]`, `[#]`, `[é]`;
/// - a date whose `T` is followed by something other than a digit: `1979-05-27T:32:00`,
///   `1979-05-27To7:32:00Z` (`parse_time`);
/// - a `}` directly inside an array: `x = [}]`, `x = [1, }]` (`parse_value`).
/// And two shapes make it recurse until the stack overflows (SIGSEGV), refused by size:
/// - a dotted key of more than `maximumKeyParts` parts: `a.a.a…= 1` (40 000 parts, 80 KB);
/// - arrays or inline tables nested more than `maximumNesting` deep.
/// A routine file like that would kill `reliefd check`, and reliefd itself when it loads
/// ~/.config/relief/routines. Neither is ever valid TOML, so refusing it here loses nothing;
/// the problem says where it is.
///
/// Headers are only recognised where TOML has them: at the start of a line, outside strings,
/// comments, arrays and inline tables (a line of a multi-line string or array may start with `[`).
enum TOMLParserGuard {
    /// More parts than any real key has (routines and reliefd.toml use at most two).
    static let maximumKeyParts = 64
    /// Deeper than any real value nests (routines nest two deep).
    static let maximumNesting = 64

    /// The first such header of `text` as a problem in `file`, or nil when there is none.
    static func problem(in text: String, file: String) -> RoutineProblem? {
        let bytes = Array(text.utf8)
        var scanner = Scanner(bytes: bytes)
        return scanner.firstProblem().map { line, column, shape in
            switch shape {
            case .header:
                RoutineProblem(file: file, line: line, column: column,
                               message: "a table header must start with its name right after the bracket",
                               fix: "put the name (letters, digits, _ or -, or a quoted name) right after the bracket on the same line, e.g. [[steps]]")
            case .dateWithoutTime:
                RoutineProblem(file: file, line: line, column: column,
                               message: "a date-time has no time after its T",
                               fix: "write the time right after the T, e.g. 1979-05-27T07:32:00Z (routines use plain numbers of seconds)")
            case .braceInArray:
                RoutineProblem(file: file, line: line, column: column,
                               message: "a } inside an array closes nothing",
                               fix: "remove it, or open the inline table with { before it; lists look like sides = [\"left\", \"right\"]")
            case .deepKey:
                RoutineProblem(file: file, line: line, column: column,
                               message: "a dotted key has more than \(maximumKeyParts) parts",
                               fix: "use a short key such as steps or audio.volume; no setting is nested that deep")
            case .deepNesting:
                RoutineProblem(file: file, line: line, column: column,
                               message: "arrays or inline tables are nested more than \(maximumNesting) deep",
                               fix: "flatten the value; lists look like sides = [\"left\", \"right\"]")
            }
        }
    }

    /// The shapes that abort toml++.
    private enum Shape {
        case header, dateWithoutTime, braceInArray, deepKey, deepNesting
    }

    /// A byte-level walk that knows just enough TOML to tell headers from values.
    private struct Scanner {
        let bytes: [UInt8]
        var at = 0
        var line = 1
        var lineStart = 0
        /// Inside a value (after `=` until the end of its line), or nested in `[`/`{` of one.
        var inValue = false
        /// The open arrays (`[`) and inline tables (`{`) of the current value, innermost last.
        var open: [UInt8] = []
        /// Parts of the key being read so far (dots seen since it began, plus one), and where it began.
        var keyParts = 1
        var keyStart: (line: Int, column: Int)?

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

        /// Line, column and shape of the first problem.
        mutating func firstProblem() -> (Int, Int, Shape)? {
            var atLineStart = true
            while let current = byte() {
                switch current {
                case UInt8(ascii: "\n"):
                    newline()
                    if open.isEmpty { inValue = false }
                    atLineStart = true
                    endKey()
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
                case UInt8(ascii: "="), UInt8(ascii: ","):
                    if current == UInt8(ascii: "=") { inValue = true }
                    endKey()
                    at += 1
                case UInt8(ascii: "."):
                    if inKey {
                        if keyStart == nil { keyStart = (line, at - lineStart + 1) }
                        keyParts += 1
                        if keyParts > TOMLParserGuard.maximumKeyParts, let start = keyStart { return (start.line, start.column, .deepKey) }
                    }
                    at += 1
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if current == UInt8(ascii: "[") && atLineStart && !inValue {
                        let column = at - lineStart + 1
                        at += 1
                        if byte() == UInt8(ascii: "[") { at += 1 }
                        while byte() == UInt8(ascii: " ") || byte() == UInt8(ascii: "\t") { at += 1 }
                        guard let first = byte(), Scanner.canStartKey(first) else { return (line, column, .header) }
                        keyStart = (line, column)
                        continue  // the rest of the header is toml++'s to check
                    }
                    open.append(current)
                    endKey()
                    if open.count > TOMLParserGuard.maximumNesting { return (line, at - lineStart + 1, .deepNesting) }
                    inValue = true
                    at += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if current == UInt8(ascii: "}") && open.last == UInt8(ascii: "[") { return (line, at - lineStart + 1, .braceInArray) }
                    if !open.isEmpty { open.removeLast() }
                    at += 1
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if inValue, isDateWithoutTime() { return (line, at - lineStart + 1, .dateWithoutTime) }
                    if inKey {
                        at += 1  // a bare key of digits (`1.2 = x`): its dots are counted above
                    } else {
                        // Skip the whole token so a date is only matched from its first digit.
                        while let next = byte(), Scanner.isTokenByte(next) { at += 1 }
                    }
                default:
                    at += 1
                }
                atLineStart = false
            }
            return nil
        }

        /// Where a key can be: a line's key or a header outside values, or inside an inline table.
        var inKey: Bool { open.isEmpty ? !inValue : open.last == UInt8(ascii: "{") }

        mutating func endKey() {
            keyParts = 1
            keyStart = nil
        }

        /// `DDDD-DD-DD` then `T` or `t` then a non-digit, starting here.
        func isDateWithoutTime() -> Bool {
            let shape = Array("0000-00-00T".utf8)
            guard at + shape.count <= bytes.count else { return false }
            for (offset, expected) in shape.enumerated() {
                let actual = bytes[at + offset]
                switch expected {
                case UInt8(ascii: "0"): if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(actual) { return false }
                case UInt8(ascii: "T"): if actual != UInt8(ascii: "T") && actual != UInt8(ascii: "t") { return false }
                default: if actual != expected { return false }
                }
            }
            guard let after = byte(shape.count) else { return true }
            return !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(after)
        }

        /// Letters, digits, `_` and `-`: what bare keys and bare values are made of.
        static func isWordByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }

        /// Bytes that continue a bare value (number, date, boolean) rather than end it.
        static func isTokenByte(_ byte: UInt8) -> Bool {
            isWordByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
        }

        /// What toml++ accepts after a header's bracket: a bare key, a quoted key, or `]`.
        static func canStartKey(_ byte: UInt8) -> Bool {
            isWordByte(byte) || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "]")
        }
    }
}
