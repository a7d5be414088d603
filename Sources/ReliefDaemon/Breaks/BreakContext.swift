/// Something the context checks noticed, delivered to the scheduler as it happens.
public enum ContextEvent: Sendable, Equatable {
    /// A call began (true) or ended (false).
    case call(Bool)
    /// The person's presence changed (lock, idle).
    case presence(Presence)
    /// logind's `PrepareForSleep`: true before suspend, false after resume.
    case sleep(Bool)
}

import ReliefBus

/// What the checks see right now, for a scheduled start; nil where a check is off.
public struct ContextSnapshot: Sendable, Equatable {
    /// Whether a call is going on, or nil when the call check is off.
    public var inCall: Bool?
    /// Lock and idleness, or nil when no presence check is on.
    public var presence: Presence?

    /// Creates a snapshot.
    public init(inCall: Bool? = nil, presence: Presence? = nil) {
        self.inCall = inCall
        self.presence = presence
    }
}

/// The context checks feeding the break policy: calls (sound server, cameras), presence
/// (logind, Mutter) and sleep (logind). Each works on its own thread or queue, never the
/// scheduler's; a check whose service is missing is off.
public protocol BreakContext: AnyObject, Sendable {
    /// Names of the checks that are working (`in-call`, `away`, `sleep`), for `status`.
    var activeChecks: [String] { get }
    /// Starts watching; `handler` gets every event, on any thread. `sessionBus` is the
    /// daemon's one session-bus connection (not yet started), when it has one.
    func start(sessionBus: BusConnection?, _ handler: @escaping @Sendable (ContextEvent) -> Void)
    /// Looks now (bounded in time; may block the calling thread briefly).
    func snapshot() -> ContextSnapshot
    /// Stops watching.
    func stop()
}
