import Foundation
import Testing

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
}
