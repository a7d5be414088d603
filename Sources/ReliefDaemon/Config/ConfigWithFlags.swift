/// Where the daemon's settings come from: reliefd.toml, with the command-line flags that were
/// given laid over it. Read at start and again on every reload (SIGHUP, `reload`), so a user
/// changes the break policy or the output by editing the file, while a flag keeps winning.
public struct ConfigWithFlags: Sendable {
    /// The config file (`DaemonConfig.defaultPath(environment:)` for the daemon).
    public var path: String
    /// The flags given on the command line; each one set wins over the file.
    public var overrides: DaemonConfig.Overrides

    /// A source reading `path` with `overrides` on top.
    public init(path: String, overrides: DaemonConfig.Overrides = .init()) {
        self.path = path
        self.overrides = overrides
    }

    /// Reads the file now: its settings with the overrides applied, and its problems (a
    /// missing file is none: all defaults).
    public func read() -> LoadedConfig {
        let file = DaemonConfig.load(path: path)
        return LoadedConfig(path: file.path, exists: file.exists, config: file.config.applying(overrides),
                                problems: file.problems)
    }
}
