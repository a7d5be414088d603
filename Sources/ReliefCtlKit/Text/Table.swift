/// Column layout for plain-text output.
public enum Table {
    /// "label:  value" rows with the values aligned.
    public static func labelled(_ rows: [(String, String)]) -> String {
        let width = rows.map { $0.0.count }.max() ?? 0
        // Appended by hand: `joined(separator:)` is generic in the standard library, and its
        // first call makes the runtime scan every protocol conformance in the binary (about
        // 170 000 instructions, a third of what `relief-ctl status` now runs in all).
        var text = ""
        for (label, value) in rows {
            if !text.isEmpty { text += "\n" }
            text += label + ":" + String(repeating: " ", count: width - label.count + 2) + value
        }
        return text
    }

    /// Rows of cells, each column as wide as its widest cell, two spaces apart; the last
    /// column is not padded and is cut with "…" so a line fits `width` (nil: never cut).
    public static func columns(_ rows: [[String]], width: Int? = nil) -> String {
        let count = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[index] - cell.count + 2)
                }
            }
            while line.last == " " { line.removeLast() }
            if let width { line = fit(line, width: width) }
            return line
        }.joined(separator: "\n")
    }

    /// `text` cut to at most `width` characters, ending in "…" when cut.
    public static func fit(_ text: String, width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(max(0, width))) }
        return String(text.prefix(width - 1)) + "…"
    }

    /// `text` broken into lines of at most `width` characters at spaces (a longer word stays
    /// whole on its own line).
    public static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
