import ReliefCore
import ReliefProtocol

/// The daemon's routines: ReliefCore's library — the built-ins, then the user's routine
/// directories, where a user file replaces a built-in of the same name.
///
/// Every `load()` reads the directories afresh, so `reload` and SIGHUP pick up new files.
public struct LibraryRoutineSource: RoutineSource {
    /// The process environment (`XDG_CONFIG_HOME`, `HOME`).
    public var environment: [String: String]
    /// Directories from `reliefd --routines`, read after the default one.
    public var extraDirectories: [String]

    /// A source over the default routine directory plus `extraDirectories`.
    public init(environment: [String: String], extraDirectories: [String]) {
        self.environment = environment
        self.extraDirectories = extraDirectories
    }

    /// Every routine that loads, and one `PATH:LINE:COLUMN: …` line per problem.
    public func load() -> RoutineCatalog {
        let library = RoutineLibrary.load(environment: environment, home: environment["HOME"],
                                          extraDirectories: extraDirectories)
        var routines: [String: CatalogRoutine] = [:]
        for entry in library.entries {
            let origin: RoutineOrigin = entry.source == .builtin ? .builtin : .user
            routines[entry.name] = CatalogRoutine(routine: entry.routine, origin: origin,
                                                  cautions: entry.routine.allCautions)
        }
        return RoutineCatalog(routines: routines, problems: library.problems.map(\.description))
    }
}
