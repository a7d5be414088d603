import ReliefCore
import ReliefProtocol

/// A routine the daemon can run: the routine, where it came from, and every caution to show.
public struct CatalogRoutine: Sendable, Equatable {
    /// The routine itself.
    public var routine: Routine
    /// Built in or a user file.
    public var origin: RoutineOrigin
    /// The routine's own cautions followed by the general safety notes, as `show` reports them.
    public var cautions: [String]
}

/// The routines available after a load, by name, and every file that could not be used.
public struct RoutineCatalog: Sendable {
    /// Routines by name; a user routine has already replaced a built-in of the same name.
    public var routines: [String: CatalogRoutine]
    /// One line per unusable file: `PATH:LINE:COLUMN: what is wrong` (line and column when known).
    public var problems: [String]
}

/// Where the daemon's routines come from: the seam the routine library plugs into.
///
/// The daemon calls `load()` at start-up and on every `reload`/SIGHUP; a running session keeps
/// the routine it started with, so a reload never disturbs it.
public protocol RoutineSource: Sendable {
    /// Loads every routine afresh. Never fails as a whole: a bad file is listed in `problems`
    /// and every other routine still loads.
    func load() -> RoutineCatalog
}

/// A fixed set of routines, for tests.
@_spi(Testing) public struct StaticRoutineSource: RoutineSource {
    /// The routines served, all reported as built in.
    public var routines: [Routine]
    /// Cautions added after each routine's own.
    public var generalCautions: [String]

    /// Serves `routines` with `generalCautions` appended to each one's cautions.
    public init(routines: [Routine], generalCautions: [String] = []) {
        self.routines = routines
        self.generalCautions = generalCautions
    }

    /// The routines, keyed by name.
    public func load() -> RoutineCatalog {
        var catalog: [String: CatalogRoutine] = [:]
        for routine in routines {
            catalog[routine.name] = CatalogRoutine(routine: routine, origin: .builtin,
                                                   cautions: routine.cautions + generalCautions)
        }
        return RoutineCatalog(routines: catalog, problems: [])
    }
}
