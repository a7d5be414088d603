import Foundation
import Testing
import ReliefMeasure

/// `reliefd`'s own command line: help, usage errors and `check`.
@Suite(.timeLimit(.minutes(1)))
struct ReliefdCommandLineTests {
    private func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        try runToEnd(ReliefdProcess.binary, arguments)
    }

    @Test func helpDocumentsEveryOptionWithItsDefault() throws {
        let help = try run(["--help"])
        #expect(help.status == 0)
        for option in ["--socket", "--device", "--sounds", "--routines", "--state-dir", "--volume", "--time-scale",
                       "--log-level", "--break-routine", "--warning", "check"] {
            #expect(help.output.contains(option), "\(option)")
        }
        // Help wraps lines: compare with runs of whitespace collapsed.
        let text = help.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for defaultText in ["$XDG_RUNTIME_DIR/relief/control.sock", "device in reliefd.toml, else default.",
                            "~/.local/state/relief", "volume in reliefd.toml, else 0.8.", "(default: info)",
                            "routine in reliefd.toml, else posture-break.", "warning_seconds in reliefd.toml, else 10.",
                            "~/.config/relief/reliefd.toml"] {
            #expect(text.contains(defaultText), "\(defaultText)")
        }
        #expect(!help.output.contains("--silent"))
    }

    @Test func invalidOptionValuesAreUsageErrors() throws {
        for arguments in [["--volume", "2"], ["--time-scale", "0"], ["--time-scale", "abc"], ["--log-level", "loud"],
                          ["--warning", "-1"], ["--warning", "301"], ["--bogus"], ["check", "--bogus"]] {
            let result = try run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(!result.errors.isEmpty, "\(arguments)")
        }
    }

    @Test func checkExitsZeroWhenAllAreValidAnd65Otherwise() throws {
        let directory = try TemporaryDirectory()
        let good = try directory.write("demo.toml", TestRoutines.demo)
        let bad = try directory.write("bad.toml", "name = \"bad\"\ntitle = [\n")
        let ok = try run(["check", good])
        #expect(ok.status == 0)
        let failed = try run(["check", good, bad])
        #expect(failed.status == 65)
        #expect(failed.errors.contains(bad + ":"))
        #expect(!failed.errors.contains(good))
    }

    @Test func checkLocatesBadSayAndMoveWithWhatToDo() throws {
        let directory = try TemporaryDirectory()
        let long = String(repeating: "Roll slowly. ", count: 20)
        let bad = try directory.write("moves.toml", """
            name = "moves"
            title = "Moves"
            summary = "Bad say and move."

            [[steps]]
            name = "Empty say"
            how = "Roll."
            say = ""
            move = 8

            [[steps]]
            name = "Long say"
            how = "Roll."
            say = "\(long)"
            move = 8

            [[steps]]
            name = "Say not a string"
            how = "Roll."
            say = ["roll"]
            move = 8

            [[steps]]
            name = "Move and breathe"
            how = "Roll."
            move = 8
            inhale = 4
            exhale = 4

            [[steps]]
            name = "Hold and move"
            how = "Roll."
            hold = 8
            move = 8
            """)
        let failed = try run(["check", bad])
        #expect(failed.status == 65)
        let lines = failed.errors.split(separator: "\n").map(String.init)
        func line(_ prefix: String) -> String? { lines.first { $0.hasPrefix(bad + ":" + prefix) } }
        #expect(line("8:1: error: steps[1].say: is empty; say in one or two sentences") != nil, "\(lines)")
        #expect(line("14:1: error: steps[2].say: is 260 characters long, more than 200; shorten it") != nil, "\(lines)")
        #expect(line("20:1: error: steps[3].say: expected a string, got an array; say in one or two sentences") != nil,
                "\(lines)")
        #expect(line("27:1: error: steps[4]: has both move and inhale; a step either holds still (hold), keeps moving")
            != nil, "\(lines)")
        #expect(line("34:1: error: steps[5]: has both hold and move;") != nil, "\(lines)")
        #expect(lines.count == 5, "\(lines)")
    }
}
