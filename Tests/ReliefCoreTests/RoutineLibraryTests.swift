import Foundation
import Testing
@testable import ReliefCore
import ReliefMeasure

@Suite("Routine library")
struct RoutineLibraryTests {
    @Test func builtinsAloneLoadWithoutProblems() {
        let library = RoutineLibrary(directories: [])
        #expect(library.problems == [])
        #expect(library.names == BuiltinRoutines.names)
        #expect(library.entries.allSatisfy { $0.source == .builtin && $0.replaced == nil })
        #expect(library.routine(named: "posture-break")?.title == "Posture break")
        #expect(library.routine(named: "no-such-routine") == nil)
    }

    @Test func aBrokenFileBesideGoodOnesIsReportedAndTheOthersLoad() throws {
        let directory = try TemporaryDirectory()
        try directory.write("alpha.toml", routineFile("alpha"))
        let broken = try directory.write("broken.toml", routineFile("broken", hold: -3))
        try directory.write("garbage.toml", "this is = = not toml")
        try directory.write("zulu.toml", routineFile("zulu"))
        try directory.write("notes.txt", "not a routine")
        try directory.write(".hidden.toml", "ignored = true")
        try directory.makeDirectory("folder.toml")

        let library = RoutineLibrary(builtins: [], directories: [RoutineDirectory(path: directory.path, mustExist: true)])
        #expect(library.names == ["alpha", "zulu"])
        #expect(library.entry(named: "alpha")?.source == .file(directory.path + "/alpha.toml"))
        #expect(library.problems.map(\.file) == [broken, directory.path + "/garbage.toml"])
        #expect(library.problems.first?.description
            == "\(broken):8:1: error: steps[1].hold: -3 is negative; give the hold time in seconds, 1 ≤ hold ≤ 3600")
        #expect(library.problems.last?.line == 1)
    }

    @Test func aUserRoutineReplacesTheBuiltinOfTheSameName() throws {
        let directory = try TemporaryDirectory()
        let mine = try directory.write("wall-stretch.toml", routineFile("wall-stretch", title: "My wall stretch"))
        let library = RoutineLibrary(directories: [RoutineDirectory(path: directory.path, mustExist: false)])
        let entry = try #require(library.entry(named: "wall-stretch"))
        #expect(entry.routine.title == "My wall stretch")
        #expect(entry.source == .file(mine))
        #expect(entry.replaced == .builtin)
        #expect(library.names.count == BuiltinRoutines.names.count)
        #expect(library.problems == [])
    }

    @Test func aBrokenOverrideLeavesTheBuiltinInPlace() throws {
        let directory = try TemporaryDirectory()
        try directory.write("wall-stretch.toml", routineFile("wall-stretch", hold: 0))
        let library = RoutineLibrary(directories: [RoutineDirectory(path: directory.path, mustExist: false)])
        #expect(library.entry(named: "wall-stretch")?.source == .builtin)
        #expect(library.problems.count == 1)
    }

    @Test func laterDirectoriesWin() throws {
        let first = try TemporaryDirectory(), second = try TemporaryDirectory()
        try first.write("mine.toml", routineFile("mine", title: "First"))
        let winner = try second.write("mine.toml", routineFile("mine", title: "Second"))
        let library = RoutineLibrary(builtins: [], directories: [
            RoutineDirectory(path: first.path, mustExist: false),
            RoutineDirectory(path: second.path, mustExist: true),
        ])
        #expect(library.routine(named: "mine")?.title == "Second")
        #expect(library.entry(named: "mine")?.source == .file(winner))
        #expect(library.entry(named: "mine")?.replaced == .file(first.path + "/mine.toml"))
    }

    @Test func aFileWhoseNameDoesNotMatchIsReported() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("Mine.toml", routineFile("mine"))
        let library = RoutineLibrary(builtins: [], directories: [RoutineDirectory(path: directory.path, mustExist: true)])
        #expect(library.names == [])
        #expect(library.problems.map(\.description) == [
            "\(file):1:1: error: name: \"mine\" does not match the file name Mine.toml; set name = \"Mine\" or rename the file to mine.toml",
        ])
    }

    @Test func missingDirectoriesAreAProblemOnlyWhenNamedByTheUser() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.path + "/nowhere"
        let quiet = RoutineLibrary(builtins: [], directories: [RoutineDirectory(path: missing, mustExist: false)])
        #expect(quiet.problems == [])
        let loud = RoutineLibrary(builtins: [], directories: [RoutineDirectory(path: missing, mustExist: true)])
        #expect(loud.problems.map(\.description) == [
            "\(missing): error: routine directory not found; create it, or give an existing directory to --routines",
        ])
        let file = try directory.write("file.toml", routineFile("file"))
        let notDirectory = RoutineLibrary(builtins: [], directories: [RoutineDirectory(path: file, mustExist: false)])
        #expect(notDirectory.problems.map(\.message) == ["is not a directory"])
    }

    // Root reads any file regardless of its mode, so this runs only for other users.
    @Test(.enabled(if: getuid() != 0, "root can read a file with mode 000"))
    func unreadableFilesAreReported() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.write("locked.toml", routineFile("locked"))
        chmod(file, 0)
        let library = RoutineLibrary(builtins: [], directories: [RoutineDirectory(path: directory.path, mustExist: true)])
        #expect(library.problems.map(\.description) == [
            "\(file): error: cannot read: Permission denied; give the path of a readable routine file NAME.toml",
        ])
    }

    @Test func fifosAndHugeFilesAreRefusedWithoutBlocking() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.path + "/pipe.toml"
        #expect(mkfifo(fifo, 0o600) == 0)
        let huge = try directory.write("huge.toml", String(repeating: "# padding\n", count: 120_000))
        let library = RoutineLibrary(builtins: [], directories: [RoutineDirectory(path: directory.path, mustExist: true)])
        #expect(library.problems.map(\.description) == [
            "\(huge): error: cannot read: is larger than 1024 KiB, too large for a routine; "
                + "give the path of a readable routine file NAME.toml",
            "\(fifo): error: cannot read: is not a regular file (a FIFO); give the path of a readable routine file NAME.toml",
        ])
    }

    @Test func searchPathFollowsXDG() {
        #expect(RoutineDirectory.searchPath(environment: [:], home: "/home/ann") == [
            RoutineDirectory(path: "/home/ann/.config/relief/routines", mustExist: false),
        ])
        #expect(RoutineDirectory.searchPath(environment: ["XDG_CONFIG_HOME": "/cfg/"], home: "/home/ann",
                                            extra: ["/a", "b"]) == [
            RoutineDirectory(path: "/cfg/relief/routines", mustExist: false),
            RoutineDirectory(path: "/a", mustExist: true),
            RoutineDirectory(path: "b", mustExist: true),
        ])
        // Relative or empty XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
        #expect(RoutineDirectory.searchPath(environment: ["XDG_CONFIG_HOME": "cfg"], home: "/h").map(\.path)
            == ["/h/.config/relief/routines"])
        #expect(RoutineDirectory.searchPath(environment: ["XDG_CONFIG_HOME": ""], home: nil, extra: ["/x"]).map(\.path)
            == ["/x"])
    }

    @Test func theSearchPathLoadsTheUsersRoutines() throws {
        let home = try TemporaryDirectory()
        try home.write(".config/relief/routines/evening.toml", routineFile("evening"))
        let library = RoutineLibrary(directories: RoutineDirectory.searchPath(environment: [:], home: home.path))
        #expect(library.entry(named: "evening")?.source == .file(home.path + "/.config/relief/routines/evening.toml"))
        #expect(library.names.count == BuiltinRoutines.names.count + 1)
    }

    @Test func theDaemonsLoadCombinesBuiltinsConfigAndExtraDirectories() throws {
        let config = try TemporaryDirectory(), extra = try TemporaryDirectory()
        try config.write("relief/routines/posture-break.toml", routineFile("posture-break", title: "Mine"))
        try extra.write("evening.toml", routineFile("evening"))
        let library = RoutineLibrary.load(environment: ["XDG_CONFIG_HOME": config.path], home: "/nonexistent",
                                          extraDirectories: [extra.path, extra.path + "/missing"])
        #expect(library.entry(named: "posture-break")?.routine.title == "Mine")
        #expect(library.entry(named: "posture-break")?.replaced == .builtin)
        #expect(library.entry(named: "evening")?.source == .file(extra.path + "/evening.toml"))
        #expect(library.entry(named: "neck-rolls")?.source == .builtin)
        #expect(library.problems.map(\.file) == [extra.path + "/missing"])
    }

    @Test func loadingAgainSeesChanges() throws {
        // What SIGHUP does: build a new library from the same directories.
        let directory = try TemporaryDirectory()
        let search = [RoutineDirectory(path: directory.path, mustExist: true)]
        let before = RoutineLibrary(builtins: [], directories: search)
        try directory.write("added.toml", routineFile("added"))
        let after = RoutineLibrary(builtins: [], directories: search)
        #expect(before.names == [])
        #expect(after.names == ["added"])
    }
}
