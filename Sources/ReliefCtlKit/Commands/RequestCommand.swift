import ArgumentParser
import ReliefProtocol

/// A relief-ctl command: it builds one request, and prints the daemon's reply.
///
/// Commands keep request building (``request``) and reply formatting (``render(_:in:)``)
/// apart from input and output, so tests check both without a daemon; ``perform(in:)`` runs
/// the exchange in a given ``Context``.
public protocol RequestCommand: ParsableCommand {
    /// `--socket`, `--json`, `--timeout`.
    var connection: ConnectionOptions { get }
    /// The request line this command sends.
    var request: JSONValue { get }
    /// The human text for a successful reply.
    func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String
}

extension RequestCommand {
    /// Sends ``request`` and prints the reply in `context`; returns the exit status.
    public func perform(in context: Context) -> ExitStatus {
        context.exchange(request) { reply throws(MalformedReply) in try render(reply, in: context) }
    }

    /// Runs in the real process and exits with the status.
    public func run() throws {
        perform(in: .standard(connection)).exit()
    }
}

/// A command without arguments: its request is always the same and its text depends only
/// on the reply, so ``FastStart`` can run it without ArgumentParser.
public protocol ArgumentlessCommand: RequestCommand {
    /// The request line, e.g. `{"cmd":"status"}`.
    static var fixedRequest: JSONValue { get }
    /// The human text for a successful reply.
    static func text(for reply: ReplyFields, in context: Context) throws(MalformedReply) -> String
}

extension ArgumentlessCommand {
    /// ``fixedRequest``.
    public var request: JSONValue { Self.fixedRequest }

    /// ``text(for:in:)``.
    public func render(_ reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        try Self.text(for: reply, in: context)
    }

    /// Sends ``fixedRequest`` and prints the reply in `context`; returns the exit status.
    public static func perform(in context: Context) -> ExitStatus {
        context.exchange(fixedRequest) { reply throws(MalformedReply) in try text(for: reply, in: context) }
    }
}

/// A command that steers the session and gets a STATUS reply, shown as one summary line.
public protocol SteeringCommand: ArgumentlessCommand {}

extension SteeringCommand {
    /// "paused: wall-stretch, step 2/3 Wall slide (hold, left side, rep 1/3), 2:09 left".
    public static func text(for reply: ReplyFields, in context: Context) throws(MalformedReply) -> String {
        StatusText.summary(try StatusReport(reply))
    }
}
