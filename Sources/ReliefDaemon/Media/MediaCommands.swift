import ReliefProtocol

/// What the MPRIS player asks of the scheduler: the session commands the socket has too,
/// so a button press does exactly what the command does (the same pause, resume and stop cues).
public protocol MediaCommands: Sendable {
    func status() -> Status
    func toggle() throws(ProtocolError) -> Status
    func pause() throws(ProtocolError) -> Status
    func resume() throws(ProtocolError) -> Status
    func skip() throws(ProtocolError) -> Status
    func back() throws(ProtocolError) -> Status
    func stop() throws(ProtocolError) -> Status
}

extension Scheduler: MediaCommands {}
