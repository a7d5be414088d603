import ReliefSystem

/// Every routine a user can start, by name: the built-ins, replaced or added to by the
/// user's routine files.
///
/// Loading never fails as a whole: a broken file is recorded in `problems` and skipped, and
/// every other routine still loads (a broken file that would have replaced a built-in
/// leaves the built-in in place). The value is immutable and `Sendable`; the daemon builds
/// a new one at start and on SIGHUP and swaps it in, so a running session keeps its own
/// `Routine` untouched.
public struct RoutineLibrary: Sendable {
    /// Where a routine came from.
    public enum Source: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// Embedded in the binary.
        case builtin
        /// Read from this file.
        case file(String)

        /// `built-in` or the file's path.
        public var description: String {
            switch self {
            case .builtin: return "built-in"
            case let .file(path): return path
            }
        }
    }

    /// A routine with where it came from.
    public struct Entry: Sendable, Equatable {
        /// The routine itself.
        public var routine: Routine
        /// Where it was loaded from.
        public var source: Source
        /// The routine of the same name it replaced (a built-in, or a file in an earlier
        /// directory), if any.
        public var replaced: Source?

        /// The routine's name.
        public var name: String { routine.name }

        /// A routine and where it came from.
        public init(routine: Routine, source: Source, replaced: Source? = nil) {
            self.routine = routine
            self.source = source
            self.replaced = replaced
        }
    }

    private var byName: [String: Entry]
    /// Every problem met while loading: broken files, unreadable or missing directories.
    /// Empty when everything loaded.
    public private(set) var problems: [RoutineProblem]

    /// Loads `builtins` (by default the embedded library), then every `*.toml` file in each
    /// directory in order, a later routine replacing an earlier one of the same name.
    /// Hidden files and files not ending in `.toml` are ignored; see `RoutineDirectory.searchPath(environment:home:extra:)`
    /// for the usual directories.
    public init(builtins: [Routine] = BuiltinRoutines.all, directories: [RoutineDirectory]) {
        byName = [:]
        problems = []
        for routine in builtins { add(routine, from: .builtin) }
        for directory in directories { load(directory) }
    }

    /// The library `reliefd` uses: the built-ins, then the user's directories from
    /// `RoutineDirectory.searchPath(environment:home:extra:)`. Problems in built-in files
    /// (only possible after a bad edit to the package) are reported first.
    ///
    /// Pure apart from reading the directories: call it at start and again on SIGHUP.
    public static func load(environment: [String: String], home: String?,
                            extraDirectories: [String] = []) -> RoutineLibrary {
        var library = RoutineLibrary(builtins: BuiltinRoutines.all,
                                     directories: RoutineDirectory.searchPath(environment: environment, home: home,
                                                                              extra: extraDirectories))
        library.problems = BuiltinRoutines.problems + library.problems
        return library
    }

    /// Every routine, sorted by name.
    public var entries: [Entry] {
        byName.values.sorted { $0.name < $1.name }
    }

    /// Every routine name, sorted.
    public var names: [String] { byName.keys.sorted() }

    /// The routine named `name` with its source, or nil.
    public func entry(named name: String) -> Entry? { byName[name] }

    /// The routine named `name`, or nil.
    public func routine(named name: String) -> Routine? { byName[name]?.routine }

    private mutating func add(_ routine: Routine, from source: Source) {
        let replaced = byName[routine.name]?.source
        byName[routine.name] = Entry(routine: routine, source: source, replaced: replaced)
    }

    private mutating func load(_ directory: RoutineDirectory) {
        switch FileSystem.kind(of: directory.path) {
        case .directory:
            break
        case .missing:
            if directory.mustExist {
                problems.append(RoutineProblem(file: directory.path, message: "routine directory not found",
                                               fix: "create it, or give an existing directory to --routines"))
            }
            return
        case .file, .other:
            problems.append(RoutineProblem(file: directory.path, message: "is not a directory",
                                           fix: "give a directory of NAME.toml routine files"))
            return
        }
        let names: [String]
        do throws(FileSystemError) {
            names = try FileSystem.contents(ofDirectory: directory.path)
        } catch {
            problems.append(RoutineProblem(file: directory.path, message: "cannot read directory: \(error.message)",
                                           fix: "make it readable, or remove it from the search path"))
            return
        }
        for path in Self.routineFiles(named: names, in: directory.path) {
            do throws(RoutineFileError) {
                add(try RoutineFile.load(path: path), from: .file(path))
            } catch {
                problems += error.problems
            }
        }
    }

    /// The paths of the routine files among a directory's entries: names ending in `.toml`,
    /// not hidden (editors leave `.#name.toml` lock links), not directories.
    static func routineFiles(named names: [String], in directory: String) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return names
            .filter { $0.hasSuffix(RoutineFile.fileExtension) && !$0.hasPrefix(".") }
            .map { prefix + $0 }
            .filter { FileSystem.kind(of: $0) != .directory }
    }
}
