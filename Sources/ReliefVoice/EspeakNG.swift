import Glibc
import ReliefAudio

/// The espeak-ng command: renders a text to speech as `espeak-ng --stdout -v VOICE -s RATE
/// -- TEXT`, a 22 050 Hz mono WAV on stdout, decoded into a `SpeechClip`.
///
/// The command rather than libespeak-ng: nothing to link, nothing resident in the daemon
/// between sessions, and a hung or crashing synthesiser cannot take the daemon with it —
/// each run is bounded in time and output and killed by its PID when it overruns.
public struct EspeakNG: Sendable, Equatable {
    /// Absolute path of the executable.
    public var executable: String
    /// `-v`: a voice name, optionally `+variant`.
    public var voice: String
    /// `-s`: words per minute.
    public var rate: Int
    /// The child's environment, `NAME=value` (espeak-ng reads `ESPEAK_DATA_PATH`).
    public var environment: [String]

    /// Longest text handed to espeak-ng, in characters (announcements are a few sentences).
    public static let maximumText = 2000
    /// Longest espeak-ng may take for one text, in seconds (it takes about 20 ms).
    public static let timeout = 5.0
    /// Most WAV bytes accepted: ten minutes of 22 050 Hz 16-bit mono.
    public static let maximumOutput = 22_050 * 2 * 600

    /// The command at `executable`, speaking with `voice` at `rate`.
    public init(executable: String, voice: String, rate: Int, environment: [String] = []) {
        self.executable = executable
        self.voice = voice
        self.rate = rate
        self.environment = environment
    }

    /// The first executable `espeak-ng` in the `PATH` of `environment` (the usual system
    /// directories when it has none), or nil when it is not installed.
    public static func find(environment: [String: String]) -> String? {
        let path = environment["PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/espeak-ng"
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// The arguments for `text` (after the program name): the text goes after `--`, so one
    /// starting with "-" is spoken, not taken for an option.
    public func arguments(for text: String) -> [String] {
        ["espeak-ng", "--stdout", "-b", "1", "-v", voice, "-s", String(rate), "--", text]
    }

    /// Renders `text`: runs espeak-ng (bounded by `timeout` and `maximumOutput`) and decodes
    /// its WAV. Control characters become spaces and the text is cut to `maximumText`.
    /// Throws `SpeechError` saying what went wrong, with espeak-ng's own message when it
    /// gave one (e.g. an unknown voice).
    public func render(_ text: String) throws(SpeechError) -> SpeechClip {
        let cleaned = String(String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
            .prefix(Self.maximumText))
        guard cleaned.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw SpeechError("nothing to say in \"\(text)\"")
        }
        let command = BoundedCommand(executable: executable, arguments: arguments(for: cleaned), environment: environment)
        let result: BoundedCommand.Result
        switch command.run(timeout: Self.timeout, outputLimit: Self.maximumOutput) {
        case .success(let done): result = done
        case .failure(.cannotStart(let reason)): throw SpeechError("cannot start espeak-ng: \(reason)")
        case .failure(.timedOut(let seconds)):
            throw SpeechError("espeak-ng took longer than \(Int(seconds)) s and was stopped")
        case .failure(.tooMuchOutput(let bytes)):
            throw SpeechError("espeak-ng wrote more than \(bytes / 1_000_000) MB and was stopped")
        case .failure(.io(let reason)): throw SpeechError("cannot read espeak-ng's output: \(reason)")
        }
        let message = result.errorText.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard result.status == 0 else {
            let how = result.status.map { "exited with status \($0)" } ?? "was killed by a signal"
            throw SpeechError("espeak-ng \(how)" + (message.isEmpty ? "" : ": \(message)")
                + (message.lowercased().contains("voice") ? " (voice \"\(voice)\"; `espeak-ng --voices` lists them)" : ""))
        }
        do {
            let clip = try SpeechClip(wav: result.output)
            guard !clip.samples.isEmpty else { throw SpeechError("espeak-ng produced only silence") }
            return clip
        } catch let error as WAVError {
            throw SpeechError("espeak-ng's output is not usable audio: \(error.reason)")
        } catch let error as SpeechError {
            throw error
        } catch {
            throw SpeechError("\(error)")
        }
    }
}

/// Why speech could not be rendered, in words a user can act on.
public struct SpeechError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String

    /// An error with a reason.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
