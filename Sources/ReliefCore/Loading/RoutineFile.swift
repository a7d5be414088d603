import ReliefSystem

/// Reading a routine from a TOML file or its bytes, with every problem reported.
///
/// The file must be UTF-8 TOML of at most 1 MiB, named `NAME.toml` where `NAME` equals its
/// `name` key. All rules of docs/routines.md are checked and every broken one is reported
/// (not only the first), each with the file, line and column where known, the key, what is
/// wrong and what would be valid.
public enum RoutineFile {
    /// The extension every routine file carries.
    public static let fileExtension = ".toml"

    /// Reads and validates the routine at `path`. The problems name the file as `path` is
    /// written, so relative paths stay relative in messages.
    public static func load(path: String) throws(RoutineFileError) -> Routine {
        let bytes: [UInt8]
        do throws(FileSystemError) {
            bytes = try SafeFile.read(path, limit: RoutineFormat.Limits.fileSize, what: "a routine")
        } catch {
            throw RoutineFileError(problems: [
                RoutineProblem(file: path, message: "cannot read: \(error.message)",
                               fix: "give the path of a readable routine file NAME.toml"),
            ])
        }
        let misnamed = nameProblems(file: path)
        let routine: Routine
        do throws(RoutineFileError) {
            routine = try parse(bytes: bytes, file: path, expectedName: expectedName(forPath: path))
        } catch {
            throw RoutineFileError(problems: misnamed + error.problems)
        }
        guard misnamed.isEmpty else { throw RoutineFileError(problems: misnamed) }
        return routine
    }

    /// Validates routine file contents. `file` names the source in problems; the routine's
    /// `name` must equal `expectedName` (the file's base name) unless that is nil.
    public static func parse(bytes: [UInt8], file: String, expectedName: String?) throws(RoutineFileError) -> Routine {
        let text: String
        do throws(RoutineProblem) {
            text = try TOMLInput.text(of: bytes, file: file)
        } catch {
            throw RoutineFileError(problems: [error])
        }
        return try parse(text, file: file, expectedName: expectedName)
    }

    /// Validates routine text; see `parse(bytes:file:expectedName:)`.
    public static func parse(_ text: String, file: String, expectedName: String?) throws(RoutineFileError) -> Routine {
        let document: TOMLDocument
        do throws(RoutineProblem) {
            document = try TOMLInput.parse(text, file: file, example: "docs/routines.md has a complete example")
        } catch {
            throw RoutineFileError(problems: [error])
        }
        var decoder = RoutineDecoder(file: file, sourceMap: RoutineSourceMap(document))
        guard let routine = decoder.decode(document.root, expectedName: expectedName) else {
            throw RoutineFileError(problems: decoder.problems)
        }
        return routine
    }

    /// The routine name a file at `path` must carry: its base name without `.toml`; nil when
    /// the path does not end in `.toml` (which `parse` reports).
    public static func expectedName(forPath path: String) -> String? {
        let base = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        guard base.hasSuffix(fileExtension), base.count > fileExtension.count else { return nil }
        return String(base.dropLast(fileExtension.count))
    }

    /// A file not named `NAME.toml` cannot be found by its name, so it is a problem too.
    private static func nameProblems(file: String) -> [RoutineProblem] {
        guard expectedName(forPath: file) == nil else { return [] }
        return [RoutineProblem(file: file, message: "file name does not end in \(fileExtension)",
                               fix: "name routine files NAME.toml, where NAME is the routine's name")]
    }
}
