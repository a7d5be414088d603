import Glibc
import ReliefSystem

/// Where relief-ctl's output goes: standard output and error of the process, or two strings
/// when a test captures them.
///
/// Writes go straight to the file descriptors (no buffering, no `print`), so a line of
/// `follow` reaches a pipe the moment its event arrives and nothing is lost on exit.
public final class Console {
    /// True when standard output is a terminal: `follow` then draws a live line.
    public let isTerminal: Bool
    /// Columns available for a line: the terminal's width now (it may be resized while
    /// `follow` runs), else `$COLUMNS`, else 80.
    public var width: Int {
        if isTerminal, !capturing {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        return fallbackWidth
    }
    /// Everything written to standard output, when capturing.
    public private(set) var capturedOutput = ""
    /// Everything written to standard error, when capturing.
    public private(set) var capturedError = ""
    private let capturing: Bool
    private let fallbackWidth: Int

    private init(isTerminal: Bool, width: Int, capturing: Bool) {
        self.isTerminal = isTerminal
        self.fallbackWidth = width
        self.capturing = capturing
    }

    /// The process's own standard output and error.
    public static func standard(environment: [String: String]) -> Console {
        let columns = environment["COLUMNS"].flatMap { Int($0) } ?? 0
        return Console(isTerminal: isatty(STDOUT_FILENO) == 1, width: columns > 0 ? columns : 80, capturing: false)
    }

    /// A console that keeps what is written, for tests; `isTerminal` pretends a terminal.
    public static func capturing(isTerminal: Bool = false, width: Int = 80) -> Console {
        Console(isTerminal: isTerminal, width: width, capturing: true)
    }

    /// Writes `text` and a newline to standard output.
    public func line(_ text: String) { write(text + "\n") }

    /// Writes `text` as is to standard output.
    public func write(_ text: String) {
        if capturing { capturedOutput += text } else { writeAll(text, to: STDOUT_FILENO) }
    }

    /// Writes `text` and a newline to standard error.
    public func error(_ text: String) {
        if capturing { capturedError += text + "\n" } else { writeToStandardError(text + "\n") }
    }
}
