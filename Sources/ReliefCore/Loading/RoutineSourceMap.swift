/// Where each key of a routine file is written, found by scanning the text.
///
/// TOMLKit reports positions only for syntax errors, so a problem with a value (a negative
/// hold, an unknown key) is located by this small scanner instead. It understands just
/// enough TOML to be right on any file TOMLKit accepted: comments, the four string forms
/// (including multi-line ones that may contain `[[steps]]` or `key =`), arrays and inline
/// tables spanning lines, quoted and dotted keys, and `[table]` / `[[array]]` headers.
/// Keys inside inline tables (`steps = [{ hold = 5 }]`) are not mapped; problems there
/// fall back to the position of the enclosing key.
struct RoutineSourceMap {
    /// A 1-based line and column (columns count characters, as TOMLKit's do).
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    /// Top-level keys (the first component of dotted keys and table headers).
    private(set) var topLevel: [String: Position] = [:]
    /// The `[[steps]]` headers, in file order.
    private(set) var stepHeaders: [Position] = []
    /// Keys written inside each `[[steps]]` table, by step index (0-based).
    private(set) var stepKeys: [[String: Position]] = []

    /// Where top-level `key` is written.
    func position(ofTopLevel key: String) -> Position? { topLevel[key] }

    /// Where `key` is written inside the `[[steps]]` table at 0-based `index`; with a nil
    /// key, the table's header.
    func position(ofStep index: Int, key: String? = nil) -> Position? {
        guard stepHeaders.indices.contains(index) else { return nil }
        guard let key else { return stepHeaders[index] }
        return stepKeys[index][key]
    }

    /// Which table the scanner is in.
    private enum Table {
        case root, step(Int), other
    }

    init(text: String) {
        var scanner = Scanner(Array(text.unicodeScalars))
        var table = Table.root
        while !scanner.atEnd {
            scanner.skipBlank()
            guard let scalar = scanner.peek else { break }
            switch scalar {
            case "\n", "\r":
                scanner.advance()
            case "#":
                scanner.skipToEndOfLine()
            case "[":
                let start = scanner.position
                let isArray = scanner.peek(1) == "["
                scanner.advance(isArray ? 2 : 1)
                let path = scanner.readKey()
                scanner.skipToEndOfLine()
                table = enterTable(path, isArray: isArray, at: start)
            default:
                let start = scanner.position
                let path = scanner.readKey()
                if let first = path.first { record(first, at: start, in: table) }
                scanner.skipBlank()
                if scanner.peek == "=" {
                    scanner.advance()
                    scanner.skipValue()
                }
                scanner.skipToEndOfLine()
            }
        }
    }

    /// Records a table header and returns the table its keys belong to.
    private mutating func enterTable(_ path: [String], isArray: Bool, at start: Position) -> Table {
        guard let first = path.first else { return .other }
        if topLevel[first] == nil { topLevel[first] = start }
        if first == "steps" && path.count == 1 && isArray {
            stepHeaders.append(start)
            stepKeys.append([:])
            return .step(stepHeaders.count - 1)
        }
        // `[steps.sub]` after a `[[steps]]` is a sub-table of the last step: its problems
        // belong to the key `sub` of that step.
        if first == "steps", path.count > 1, let last = stepHeaders.indices.last {
            if stepKeys[last][path[1]] == nil { stepKeys[last][path[1]] = start }
        }
        return .other
    }

    private mutating func record(_ key: String, at start: Position, in table: Table) {
        switch table {
        case .root:
            if topLevel[key] == nil { topLevel[key] = start }
        case let .step(index):
            if stepKeys[index][key] == nil { stepKeys[index][key] = start }
        case .other:
            break
        }
    }
}

/// A cursor over the text's Unicode scalars that keeps track of line and column.
private struct Scanner {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private(set) var position = RoutineSourceMap.Position(line: 1, column: 1)

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { peek(0) }

    func peek(_ ahead: Int) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" {
                position.line += 1
                position.column = 1
            } else {
                position.column += 1
            }
            index += 1
        }
    }

    /// Skips spaces and tabs.
    mutating func skipBlank() {
        while let scalar = peek, scalar == " " || scalar == "\t" { advance() }
    }

    /// Skips to the newline ending this line (not past it).
    mutating func skipToEndOfLine() {
        while let scalar = peek, scalar != "\n" { advance() }
    }

    /// Reads a possibly dotted, possibly quoted key up to `=`, `]` or the end of the line.
    mutating func readKey() -> [String] {
        var parts: [String] = []
        while true {
            skipBlank()
            guard let scalar = peek else { return parts }
            if scalar == "\"" || scalar == "'" {
                parts.append(readQuotedKey(quote: scalar))
            } else {
                var part = ""
                while let next = peek, isBareKeyScalar(next) {
                    part.unicodeScalars.append(next)
                    advance()
                }
                guard !part.isEmpty else { return parts }
                parts.append(part)
            }
            skipBlank()
            guard peek == "." else { return parts }
            advance()
        }
    }

    private mutating func readQuotedKey(quote: Unicode.Scalar) -> String {
        advance()
        var key = ""
        while let scalar = peek, scalar != quote, scalar != "\n" {
            if quote == "\"" && scalar == "\\" {
                advance()
                if let escaped = peek, escaped != "\n" { key.unicodeScalars.append(escaped) }
            } else {
                key.unicodeScalars.append(scalar)
            }
            advance()
        }
        if peek == quote { advance() }
        return key
    }

    private func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    /// Skips one value, which may span lines (multi-line strings, arrays, inline tables).
    mutating func skipValue() {
        var depth = 0
        while let scalar = peek {
            switch scalar {
            case "\"", "'":
                skipString(quote: scalar)
            case "[", "{":
                depth += 1
                advance()
            case "]", "}":
                depth -= 1
                advance()
            case "#":
                skipToEndOfLine()
            case "\n":
                if depth <= 0 { return }
                advance()
            default:
                advance()
            }
        }
    }

    /// Skips a basic or literal string, single- or multi-line, starting at its opening quote.
    private mutating func skipString(quote: Unicode.Scalar) {
        let multiline = peek(1) == quote && peek(2) == quote
        advance(multiline ? 3 : 1)
        while let scalar = peek {
            if quote == "\"" && scalar == "\\" {
                advance(2)
                continue
            }
            if scalar == "\n" && !multiline { return }
            if scalar == quote {
                if !multiline {
                    advance()
                    return
                }
                if peek(1) == quote && peek(2) == quote {
                    // A closing delimiter may be followed by up to two quotes of content.
                    advance(3)
                    while peek == quote { advance() }
                    return
                }
            }
            advance()
        }
    }
}
