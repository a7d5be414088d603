/// Finds where keys and table headers are written in a TOML text, so problems can point at a
/// line and column. TOMLKit reports positions only for syntax errors, not for the keys of a
/// parsed document, so this scans the text itself.
///
/// It understands what a config file realistically contains: `[table]` and `[[array]]`
/// headers, bare, quoted and dotted keys, one-line inline tables, comments, and multi-line
/// strings (skipped). A key it cannot place falls back to its nearest placed parent.
struct TOMLKeyLocator {
    /// A 1-based line and column.
    struct Position: Equatable {
        let line: Int
        let column: Int
    }

    private var positions: [[String]: Position] = [:]

    /// Scans `text` once.
    init(text: String) {
        var table: [String] = []
        var multilineDelimiter: String?
        // "\r\n" is a single Character in Swift, so it is a separator of its own.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, rawLine) in lines.enumerated() {
            let line = Array(rawLine)
            let number = index + 1
            if let delimiter = multilineDelimiter {
                if String(line).contains(delimiter) { multilineDelimiter = nil }
                continue
            }
            var cursor = Self.skipSpace(line, 0)
            guard cursor < line.count, line[cursor] != "#" else { continue }
            if line[cursor] == "[" {
                // `[[name]]` or `[name]`: the header opens a table; its position is the name's.
                let isArray = cursor + 1 < line.count && line[cursor + 1] == "["
                cursor = Self.skipSpace(line, cursor + (isArray ? 2 : 1))
                guard let (keys, _) = Self.parseKey(line, cursor) else { continue }
                table = keys
                record(keys, Position(line: number, column: cursor + 1))
                continue
            }
            guard let (keys, afterKey) = Self.parseKey(line, cursor) else { continue }
            let equals = Self.skipSpace(line, afterKey)
            guard equals < line.count, line[equals] == "=" else { continue }
            record(table + keys, Position(line: number, column: cursor + 1))
            let value = Self.skipSpace(line, equals + 1)
            if value < line.count, line[value] == "{" {
                scanInlineTable(line, from: value, path: table + keys, lineNumber: number)
            }
            multilineDelimiter = Self.unclosedMultilineString(line, from: value)
        }
    }

    /// Where `path` (table names then key) is written; for a key that was not found, where its
    /// nearest enclosing table is. `nil` when nothing on the path was found.
    func position(of path: [String]) -> Position? {
        var path = path
        while !path.isEmpty {
            if let position = positions[path] { return position }
            path.removeLast()
        }
        return nil
    }

    /// Records the first place a path appears; the prefixes of a dotted key too, since
    /// `breaks.routine = …` also defines the table `breaks`.
    private mutating func record(_ path: [String], _ position: Position) {
        for length in 1...max(1, path.count) where positions[Array(path.prefix(length))] == nil {
            positions[Array(path.prefix(length))] = position
        }
    }

    /// Records the keys of a one-line inline table `{ a = 1, b = { c = 2 } }`.
    private mutating func scanInlineTable(_ line: [Character], from start: Int, path: [String], lineNumber: Int) {
        var stack: [[String]?] = []  // a table path per `{`, nil per `[`
        var pendingKey: [String] = path
        var expectKey = false
        var index = start
        while index < line.count {
            let character = line[index]
            if character == "\"" || character == "'", !expectKey {
                index = Self.endOfString(line, index)
                continue
            }
            switch character {
            case "{":
                stack.append(pendingKey)
                expectKey = true
            case "[":
                stack.append(nil)
            case "}", "]":
                _ = stack.popLast()
                if stack.isEmpty { return }
            case ",":
                expectKey = stack.last.map { $0 != nil } ?? false
            case "#":
                return
            default:
                if expectKey, !character.isWhitespace, let (keys, after) = Self.parseKey(line, index),
                   let table = stack.last ?? nil {
                    pendingKey = table + keys
                    record(pendingKey, Position(line: lineNumber, column: index + 1))
                    expectKey = false
                    index = after
                    continue
                }
            }
            index += 1
        }
    }

    /// Parses a possibly dotted key at `start`: `a`, `"a b"`, `'a'`, `a . "b" .c`. Returns the
    /// components and the index after the key, or nil if no key starts there.
    private static func parseKey(_ line: [Character], _ start: Int) -> ([String], Int)? {
        var keys: [String] = []
        var index = start
        while true {
            index = skipSpace(line, index)
            guard index < line.count else { return nil }
            if line[index] == "\"" || line[index] == "'" {
                let end = endOfString(line, index)
                guard end <= line.count, end - 1 > index else { return nil }
                keys.append(unquote(Array(line[(index + 1)..<(end - 1)]), basic: line[index] == "\""))
                index = end
            } else {
                let begin = index
                while index < line.count, isBareKeyCharacter(line[index]) { index += 1 }
                guard index > begin else { return nil }
                keys.append(String(line[begin..<index]))
            }
            let next = skipSpace(line, index)
            guard next < line.count, line[next] == "." else { return (keys, index) }
            index = next + 1
        }
    }

    /// The index after the string literal opening at `start` (or the line's end if unclosed).
    private static func endOfString(_ line: [Character], _ start: Int) -> Int {
        let quote = line[start]
        var index = start + 1
        while index < line.count {
            if quote == "\"" && line[index] == "\\" { index += 2; continue }
            if line[index] == quote { return index + 1 }
            index += 1
        }
        return line.count
    }

    /// Resolves the common escapes of a basic-string key; literal keys are taken as written.
    private static func unquote(_ characters: [Character], basic: Bool) -> String {
        guard basic else { return String(characters) }
        var result = "", index = 0
        while index < characters.count {
            if characters[index] == "\\", index + 1 < characters.count {
                switch characters[index + 1] {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(characters[index + 1])
                }
                index += 2
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }

    /// If the value starting at `start` opens a `"""` or `'''` string that does not close on
    /// this line, its delimiter; the following lines belong to the string.
    private static func unclosedMultilineString(_ line: [Character], from start: Int) -> String? {
        let rest = String(line[min(start, line.count)...])
        for delimiter in ["\"\"\"", "'''"] where rest.hasPrefix(delimiter) {
            let body = rest.dropFirst(3)
            return body.contains(delimiter) ? nil : delimiter
        }
        return nil
    }

    private static func isBareKeyCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
    }

    private static func skipSpace(_ line: [Character], _ start: Int) -> Int {
        var index = start
        while index < line.count, line[index] == " " || line[index] == "\t" { index += 1 }
        return index
    }
}
