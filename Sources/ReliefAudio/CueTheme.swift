import Glibc
import ReliefCore

/// The sound of every cue: the built-in theme from `Sounds/`, with any cue replaced by a
/// user's `CUE.wav` from an override directory.
///
/// Loading never fails: a file that cannot be used is listed in `problems` (its path and
/// what is wrong) and the next source — a later directory, then the built-in cue — is used.
public struct CueTheme: Sendable {
    /// Longest accepted override file, so a mistaken multi-minute file cannot eat memory.
    public static let maximumDuration = 10.0
    /// Largest accepted override file in bytes.
    public static let maximumFileSize = 16 << 20

    /// One clip per cue at `sampleRate`.
    public private(set) var clips: [Cue: Clip]
    /// Where each cue came from: a file path, or `"built-in"`.
    public private(set) var sources: [Cue: String]
    /// One line per unusable override file: "PATH: what is wrong — using the built-in cue".
    public private(set) var problems: [String]
    /// The rate every clip was converted to.
    public let sampleRate: Int

    /// The built-in theme only.
    public static func builtIn(sampleRate: Int = 48_000) -> CueTheme {
        load(overrideDirectories: [], sampleRate: sampleRate)
    }

    /// Loads the theme: for each cue, the first usable `CUE.wav` in `overrideDirectories`
    /// (in order, so put `--sounds DIR` before the user's config directory), else the
    /// built-in sound. Every clip is converted to `sampleRate` and stereo.
    public static func load(overrideDirectories: [String], sampleRate: Int = 48_000) -> CueTheme {
        var theme = CueTheme(clips: [:], sources: [:], problems: [], sampleRate: sampleRate)
        for cue in Cue.allCases {
            var chosen: (Clip, String)?
            for directory in overrideDirectories where chosen == nil {
                let path = directory.hasSuffix("/") ? "\(directory)\(cue.rawValue).wav" : "\(directory)/\(cue.rawValue).wav"
                switch loadFile(path) {
                case .absent: continue
                case .failed(let reason):
                    theme.problems.append("\(path): \(reason) — using the built-in \"\(cue.rawValue)\" cue instead")
                case .loaded(let clip): chosen = (clip, path)
                }
            }
            if chosen == nil, let bytes = BuiltinSounds.wav(named: cue.rawValue), let clip = try? Clip(wav: bytes) {
                chosen = (clip, "built-in")
            }
            guard let (clip, source) = chosen else { continue }  // unreachable: built-ins are tested
            theme.clips[cue] = clip.resampled(to: sampleRate)
            theme.sources[cue] = source
        }
        return theme
    }

    /// The user's override directory: `$XDG_CONFIG_HOME/relief/sounds`, by default
    /// `~/.config/relief/sounds`; nil when neither variable is set.
    public static func userDirectory(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return "\(config)/relief/sounds"
        }
        if let home = environment["HOME"], !home.isEmpty { return "\(home)/.config/relief/sounds" }
        return nil
    }

    private enum FileResult {
        case absent
        case failed(String)
        case loaded(Clip)
    }

    private static func loadFile(_ path: String) -> FileResult {
        let bytes: [UInt8]
        switch readFile(path, limit: maximumFileSize) {
        case .failure(let error):
            if error.code == ENOENT { return .absent }
            return .failed(error.reason)
        case .success(let read): bytes = read
        }
        do {
            let clip = try Clip(wav: bytes)
            if clip.duration > maximumDuration {
                return .failed("too long (\(Int(clip.duration)) s; a cue may last at most \(Int(maximumDuration)) s)")
            }
            return .loaded(clip)
        } catch {
            return .failed(error.reason)
        }
    }
}

/// Why a file could not be read: errno and a sentence.
struct FileReadError: Error {
    var code: Int32
    var reason: String
}

/// Reads a whole regular file of at most `limit` bytes.
func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileReadError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
        let code = errno
        return .failure(FileReadError(code: code, reason: "cannot open: \(String(cString: strerror(code)))"))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
        return .failure(FileReadError(code: EINVAL, reason: "not a regular file"))
    }
    guard Int(info.st_size) <= limit else {
        return .failure(FileReadError(code: EFBIG, reason: "too large (\(info.st_size) bytes; the limit is \(limit))"))
    }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        if n < 0 {
            let code = errno
            return .failure(FileReadError(code: code, reason: "cannot read: \(String(cString: strerror(code)))"))
        }
        if n == 0 { break }
        done += n
    }
    return .success(Array(bytes[0..<done]))
}
