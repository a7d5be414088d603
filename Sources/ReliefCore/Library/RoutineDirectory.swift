/// A directory relief reads user routines from (`*.toml`, one routine per file).
public struct RoutineDirectory: Sendable, Equatable, Hashable {
    /// The directory's path.
    public var path: String
    /// Whether a missing directory is a problem: true for `--routines DIR` (the user named
    /// it), false for the default config directory (most users never create it).
    public var mustExist: Bool

    /// Where user routines live, lowest precedence first: `$XDG_CONFIG_HOME/relief/routines`
    /// (when `XDG_CONFIG_HOME` is unset, empty or relative: `home/.config/relief/routines`),
    /// then each of `extra` (the `--routines` options) in order. A later directory's routine
    /// replaces an earlier one's of the same name, and any of them replaces a built-in.
    ///
    /// Pure: the caller passes the environment and home directory, so the daemon can
    /// resolve this again on SIGHUP and tests need not touch the real ones. With no usable
    /// config home and no `home`, only `extra` is returned.
    public static func searchPath(environment: [String: String], home: String?,
                                  extra: [String] = []) -> [RoutineDirectory] {
        var directories: [RoutineDirectory] = []
        // The XDG Base Directory spec says relative values are invalid and must be ignored.
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            directories.append(RoutineDirectory(path: join(config, "relief/routines"), mustExist: false))
        } else if let home, !home.isEmpty {
            directories.append(RoutineDirectory(path: join(home, ".config/relief/routines"), mustExist: false))
        }
        directories += extra.map { RoutineDirectory(path: $0, mustExist: true) }
        return directories
    }

    private static func join(_ base: String, _ tail: String) -> String {
        base.hasSuffix("/") ? base + tail : base + "/" + tail
    }
}
