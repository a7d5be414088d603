import ReliefProtocol

extension Context {
    /// Sends one request, waits for its reply and prints it: the raw line with `--json`,
    /// else `render`'s text for the reply decoded as `Body`. Returns the exit status
    /// (SPEC "relief-ctl").
    public func exchange<Body: Decodable>(
        _ request: Request, as body: Body.Type,
        render: (Body) throws(MalformedReply) -> String
    ) -> ExitStatus {
        let client: ControlClient
        switch connect() {
        case .connected(let connected): client = connected
        case .failed(let status): return status
        }
        defer { client.close() }
        let reply: ControlClient.Reply
        do {
            reply = try client.request(request)
        } catch {
            return report(error)
        }
        if json { console.line(reply.line) }
        guard reply.isOK else { return report(refusal: reply) }
        if json { return .success }
        do {
            console.line(try render(try reply.decode(body, context: "\(request.command) reply")))
            return .success
        } catch {
            return report(error)
        }
    }
}
