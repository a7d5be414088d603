import CTOMLReader

/// A 1-based line and column in a TOML text (columns count characters, as toml++'s do).
public struct TOMLPosition: Equatable, Sendable {
    public var line: Int
    public var column: Int
}

/// The kinds of TOML value.
public enum TOMLType: Equatable, Sendable {
    case string, int, double, bool, array, table, date, time, dateTime
}

/// One parsed TOML value and where it is written.
public struct TOMLValue: Sendable {
    enum Content: Sendable {
        case string(String), int(Int), double(Double), bool(Bool)
        case array([TOMLValue]), table(TOMLTable)
        case date, time, dateTime
    }

    let content: Content
    /// Where the value begins; for a `[table]` or `[[array]]` table, its header's `[`.
    public let position: TOMLPosition

    public var type: TOMLType {
        switch content {
        case .string: .string
        case .int: .int
        case .double: .double
        case .bool: .bool
        case .array: .array
        case .table: .table
        case .date: .date
        case .time: .time
        case .dateTime: .dateTime
        }
    }

    public var string: String? { if case let .string(value) = content { value } else { nil } }
    public var int: Int? { if case let .int(value) = content { value } else { nil } }
    /// A float only: integers are `int` (a caller that takes both asks for both).
    public var double: Double? { if case let .double(value) = content { value } else { nil } }
    public var bool: Bool? { if case let .bool(value) = content { value } else { nil } }
    public var array: [TOMLValue]? { if case let .array(value) = content { value } else { nil } }
    public var table: TOMLTable? { if case let .table(value) = content { value } else { nil } }
}

/// A TOML table: its keys in toml++'s order (sorted), their values, and where each key is written.
public struct TOMLTable: Sequence, Sendable {
    public struct Entry: Sendable {
        public let key: String
        public let value: TOMLValue
        /// Where the key is written (for `[name]` headers and dotted keys, that part of the name).
        public let keyPosition: TOMLPosition
    }

    public private(set) var entries: [Entry] = []

    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> TOMLValue? { entries.first { $0.key == key }?.value }

    /// Where `key` is written in this table.
    public func position(ofKey key: String) -> TOMLPosition? {
        entries.first { $0.key == key }?.keyPosition
    }

    public func makeIterator() -> some IteratorProtocol<(String, TOMLValue)> {
        entries.lazy.map { ($0.key, $0.value) }.makeIterator()
    }

    mutating func append(_ entry: Entry) { entries.append(entry) }
}

/// A parsed TOML text: its root table, with key positions for problems that are not syntax
/// errors (a wrong value, an unknown key). Made only by `TOMLInput.parse`.
public struct TOMLDocument: Sendable {
    public let root: TOMLTable

    /// Where `path` (table names, then a key) is written; for a path that is not there, where
    /// its nearest enclosing key is. Nil when nothing matches. A key's position is where its
    /// name is written (after the bracket of a header); every part of a dotted key `a.b = 1`
    /// is where the whole key begins.
    /// Through an array of tables the path goes on in its last table (the latest `[[name]]`).
    public func position(of path: [String]) -> TOMLPosition? {
        var table: TOMLTable? = root
        var found: TOMLPosition?
        for component in path {
            guard let current = table, let entry = current.entries.first(where: { $0.key == component }) else { break }
            found = entry.keyPosition
            table = entry.value.table ?? entry.value.array?.last?.table
        }
        return found
    }

    /// A syntax error toml++ reported, with its position.
    struct SyntaxError: Error {
        let description: String
        let position: TOMLPosition?
    }

    /// Parses text that `TOMLParserGuard` has passed (toml++ may abort on what it refuses).
    static func parse(checked text: String) throws(SyntaxError) -> TOMLDocument {
        var text = text
        let document = text.withUTF8 { bytes in
            relief_toml_parse(bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, bytes.count)
        }
        guard let document else { throw SyntaxError(description: "out of memory", position: nil) }
        defer { relief_toml_free(document) }
        var line: UInt32 = 0, column: UInt32 = 0
        if let message = relief_toml_error(document, &line, &column) {
            throw SyntaxError(description: String(cString: message),
                              position: line > 0 ? TOMLPosition(line: Int(line), column: Int(column)) : nil)
        }
        var count = 0
        guard let nodes = relief_toml_nodes(document, &count), count > 0 else {
            return TOMLDocument(root: TOMLTable())
        }
        var builder = Builder(nodes: UnsafeBufferPointer(start: nodes, count: count))
        return TOMLDocument(root: builder.next().table ?? TOMLTable())
    }

    /// Rebuilds the tree from the flattened nodes (each table or array followed by its children).
    private struct Builder {
        let nodes: UnsafeBufferPointer<relief_toml_node>
        var index = 0

        /// The next value. `dottedKey` is set when this value is a table made by a dotted key
        /// (`a.b = 1` makes `a`): the keys written on that line are placed where it begins.
        mutating func next(dottedKey: TOMLPosition? = nil) -> TOMLValue {
            let node = nodes[index]
            index += 1
            let position = TOMLPosition(line: Int(node.line), column: Int(node.column))
            let content: TOMLValue.Content
            switch node.kind {
            case RELIEF_TOML_TABLE:
                var table = TOMLTable()
                for _ in 0..<node.children {
                    let keyNode = nodes[index]
                    let key = Self.string(keyNode.key, keyNode.key_length)
                    let written = TOMLPosition(line: Int(keyNode.key_line), column: Int(keyNode.key_column))
                    var keyPosition = written
                    if let dottedKey, dottedKey.line == written.line { keyPosition = dottedKey }
                    // toml++ places a table a dotted key made at that part of the key; a header's
                    // table is at its `[`, an inline table at its `{`.
                    let madeByDottedKey = keyNode.kind == RELIEF_TOML_TABLE
                        && keyNode.line == keyNode.key_line && keyNode.column == keyNode.key_column
                    let value = next(dottedKey: madeByDottedKey ? keyPosition : nil)
                    table.append(TOMLTable.Entry(key: key, value: value, keyPosition: keyPosition))
                }
                content = .table(table)
            case RELIEF_TOML_ARRAY:
                var elements: [TOMLValue] = []
                elements.reserveCapacity(Int(node.children))
                for _ in 0..<node.children { elements.append(next()) }
                content = .array(elements)
            case RELIEF_TOML_STRING: content = .string(Self.string(node.text, node.text_length))
            case RELIEF_TOML_INTEGER: content = .int(Int(node.integer))
            case RELIEF_TOML_FLOAT: content = .double(node.number)
            case RELIEF_TOML_BOOLEAN: content = .bool(node.boolean)
            case RELIEF_TOML_DATE: content = .date
            case RELIEF_TOML_TIME: content = .time
            default: content = .dateTime
            }
            return TOMLValue(content: content, position: position)
        }

        static func string(_ bytes: UnsafePointer<CChar>?, _ length: Int) -> String {
            guard let bytes, length > 0 else { return "" }
            return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
        }
    }
}
