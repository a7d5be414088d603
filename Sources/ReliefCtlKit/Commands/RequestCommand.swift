import ArgumentParser
import ReliefProtocol

/// A relief-ctl command: it builds one request, and prints the daemon's typed reply.
///
/// Commands keep request building (``request``) and reply formatting (``render(_:in:)``)
/// apart from input and output, so tests check both without a daemon; ``perform(in:)`` runs
/// the exchange in a given ``Context``.
protocol RequestCommand: ParsableCommand {
    /// The reply's protocol type (`Status`, `RoutineList`, …).
    associatedtype Reply: Decodable
    /// `--socket`, `--json`, `--timeout`.
    var connection: ConnectionOptions { get }
    /// The request this command sends.
    var request: Request { get }
    /// The human text for a successful reply.
    func render(_ reply: Reply, in context: Context) throws(MalformedReply) -> String
}

extension RequestCommand {
    /// Sends ``request`` and prints the reply in `context`; returns the exit status.
    func perform(in context: Context) -> ExitStatus {
        context.exchange(request, as: Reply.self) { reply throws(MalformedReply) in try render(reply, in: context) }
    }

    /// Runs in the real process and exits with the status.
    func run() throws {
        perform(in: .standard(connection)).exit()
    }
}

/// A command without arguments: its request is always the same and its text depends only
/// on the reply, so ``FastStart`` can run it without ArgumentParser.
protocol ArgumentlessCommand: RequestCommand {
    /// The request, e.g. `.status`.
    static var fixedRequest: Request { get }
    /// The human text for a successful reply.
    static func text(for reply: Reply, in context: Context) -> String
}

extension ArgumentlessCommand {
    /// ``fixedRequest``.
    var request: Request { Self.fixedRequest }

    /// ``text(for:in:)``.
    func render(_ reply: Reply, in context: Context) -> String {
        Self.text(for: reply, in: context)
    }

    /// Sends ``fixedRequest`` and prints the reply in `context`; returns the exit status.
    static func perform(in context: Context) -> ExitStatus {
        context.exchange(fixedRequest, as: Reply.self) { reply in text(for: reply, in: context) }
    }
}

/// A command that steers the session and gets a STATUS reply, shown as one summary line.
protocol SteeringCommand: ArgumentlessCommand where Reply == ReliefProtocol.Status {}

extension SteeringCommand {
    /// Named after its request: a command that steers a session is refused without one.
    static var configuration: CommandConfiguration {
        .protocolCommand(fixedRequest.command, discussion: "Refused (exit 1) when no session runs.")
    }

    /// "paused: wall-stretch, step 2/3 Wall slide (hold, left side, rep 1/3), 2:09 left".
    static func text(for reply: ReliefProtocol.Status, in context: Context) -> String {
        StatusText.summary(reply)
    }
}

extension CommandConfiguration {
    /// The subcommand for protocol command `name`: its help line is the table's (relief-ctl's
    /// help says what the protocol documentation says), its discussion relief-ctl's own.
    static func protocolCommand(_ name: String, discussion: String) -> CommandConfiguration {
        CommandConfiguration(commandName: name, abstract: CommandSpec.named(name)?.help ?? "", discussion: discussion)
    }
}
