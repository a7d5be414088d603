import FoundationEssentials
import Testing
@testable import ReliefProtocol

/// The command table is the one description of the protocol: decoding, messages and the
/// documentation all follow it.
@Suite struct CommandTableTests {
    /// docs/protocol.md, found from this file's place in the package.
    static func protocolPage() throws -> String {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appending(path: "docs/protocol.md"), encoding: .utf8)
    }

    @Test func theDocumentationListsExactlyTheTablesCommands() throws {
        let page = try Self.protocolPage()
        let begin = try #require(page.range(of: "<!-- commands:begin -->\n"))
        let end = try #require(page.range(of: "\n<!-- commands:end -->"))
        let listed = String(page[begin.upperBound..<end.lowerBound])
        #expect(listed == CommandSpec.markdown, "docs/protocol.md's command list differs from CommandSpec.all; paste CommandSpec.markdown between the markers")
        for name in CommandSpec.names { #expect(listed.contains("`{\"cmd\":\"\(name)\""), "\(name)") }
    }

    @Test func everyCommandHasOneRowAndDecodesWithItsDefaults() throws {
        #expect(Set(CommandSpec.names).count == CommandSpec.all.count)
        for command in CommandSpec.all {
            #expect(!command.help.isEmpty, "\(command.name)")
            // The smallest valid request: every argument that must be there, at a valid value.
            var arguments: [String: ArgumentValue] = [:]
            for argument in command.arguments where argument.presence == .required {
                switch argument.kind {
                case .name: arguments[argument.key] = .text("x")
                case .flag: arguments[argument.key] = .flag(true)
                case .number(let range): arguments[argument.key] = .number(range.lowerBound)
                case .wholeNumber(let range): arguments[argument.key] = .number(Double(range.lowerBound))
                }
            }
            if command.name == "start" { arguments["routine"] = .text("x") }
            let request = try Request(command: command.name, arguments: arguments)
            #expect(request.command == command.name)
            // What the client sends is what the daemon decodes.
            #expect(try Wire.request(from: Array(request.line.utf8)) == request)
        }
    }

    @Test func everyRangeIsEnforcedAtBothEnds() throws {
        for command in CommandSpec.all {
            for argument in command.arguments {
                guard let range = argument.range else { continue }
                for inside in [range.lowerBound, range.upperBound] {
                    var line = "{\"cmd\":\"\(command.name)\",\"\(argument.key)\":\(Wire.number(inside))"
                    if command.name == "start" { line += ",\"routine\":\"x\"" }
                    #expect(throws: Never.self, "\(line)") { try Wire.request(from: Array((line + "}").utf8)) }
                }
                for outside in [range.lowerBound - 1, range.upperBound + 1] {
                    let line = "{\"cmd\":\"\(command.name)\",\"\(argument.key)\":\(Wire.number(outside))}"
                    #expect(throws: ProtocolError.self, "\(line)") { try Wire.request(from: Array(line.utf8)) }
                    #expect(throws: ProtocolError.self) { try argument.check(.number(outside)) }
                }
            }
        }
    }

    @Test func theLimitsAreTheTables() {
        #expect(CommandSpec.named("extend")?.argument("seconds")?.range == Request.extendSeconds)
        #expect(CommandSpec.named("snooze")?.argument("seconds")?.range == Request.snoozeSeconds)
        #expect(CommandSpec.named("history")?.argument("days")?.range == 1...3650)
        #expect(Request.maximumExtendSeconds == 600 && Request.maximumSnoozeSeconds == 86_400)
    }

    @Test func unknownCommandsListTheTable() {
        #expect(throws: ProtocolError(.unknownCommand, "unknown command \"dance\"; the commands are " + CommandSpec.names.joined(separator: ", "))) {
            try Wire.request(from: Array(#"{"cmd":"dance"}"#.utf8))
        }
    }
}
