import Glibc
import ReliefSystem

/// Creating the daemon's private directories.
enum Directories {
    /// Creates `path` and any missing parents with `mode` (`mkdir -p`); existing directories
    /// are left as they are.
    static func create(_ path: String, mode: mode_t = 0o700) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            do {
                try systemCall("mkdir(\(prefix))") { mkdir(prefix, mode) }
            } catch where error.errno == EEXIST {
                continue
            }
        }
    }

    /// The directory part of `path` (`.` when it has none).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
