import Glibc
import ReliefCue
import ReliefSystem

/// The sound of every cue: the built-in theme from `Sounds/`, with any cue replaced by a
/// user's `CUE.wav` from an override directory.
///
/// Loading never fails: a file that cannot be used is listed in `problems` (its path and
/// what is wrong) and the next source — a later directory, then the built-in cue — is used.
public struct CueTheme: Sendable {
    /// Longest accepted override file, so a mistaken multi-minute file cannot eat memory.
    public static let maximumDuration = 10.0
    /// Sample rates accepted for override files.
    public static let sampleRateRange = 8_000...192_000
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
        do throws(FileSystemError) {
            // Non-blocking and regular files only: a FIFO named like a cue must not hang a reload.
            bytes = try SafeFile.read(path, limit: maximumFileSize, what: "a cue sound")
        } catch where error.isMissing {
            return .absent
        } catch {
            return .failed(error.message)
        }
        do {
            let clip = try Clip(wav: bytes)
            // Converting a clip costs in proportion to both rates: a 768 kHz file took 27 s of
            // CPU at every start and reload. No real sound needs more than 192 kHz.
            guard sampleRateRange.contains(clip.sampleRate) else {
                return .failed("sample rate \(clip.sampleRate) Hz is not supported; save it at 8000 to 192000 Hz (48000 is best)")
            }
            if clip.duration > maximumDuration {
                return .failed("too long (\(Int(clip.duration)) s; a cue may last at most \(Int(maximumDuration)) s)")
            }
            return .loaded(clip)
        } catch {
            return .failed(error.reason)
        }
    }
}

