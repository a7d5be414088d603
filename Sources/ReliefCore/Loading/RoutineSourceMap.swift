/// Where the keys of a routine file are written, for problems with a value (a negative hold,
/// an unknown key): read from the parsed document, which keeps the position toml++ gave each
/// key and table, so nothing here scans text (the same front door serves reliefd.toml).
struct RoutineSourceMap {
    typealias Position = TOMLPosition

    private let root: TOMLTable

    init(_ document: TOMLDocument) { root = document.root }

    /// Where top-level `key` is written (for `[[steps]]`, the first header's name).
    func position(ofTopLevel key: String) -> Position? { root.position(ofKey: key) }

    /// Where `key` is written inside the step at 0-based `index`; with a nil key, where the
    /// step begins (its `[[steps]]` header, or its `{` when written inline).
    func position(ofStep index: Int, key: String? = nil) -> Position? {
        guard let steps = root["steps"]?.array, steps.indices.contains(index) else { return nil }
        guard let key else { return steps[index].position }
        return steps[index].table?.position(ofKey: key)
    }
}
