import Dispatch
import Logging
import ReliefBus
import ReliefProtocol
import Synchronization

/// Hands-free control: reliefd as an MPRIS player on the user's session bus, and other
/// players paused for a session. Owns the session-bus connection; the scheduler only sees
/// commands (from the player's methods) and sends its state events here.
///
/// Without a session bus it logs one notice and everything else works; when the bus goes
/// away it reconnects when the bus returns.
public final class MediaControl: @unchecked Sendable {
    /// The session-bus connection (for other parts that need the session bus).
    public let connection: BusConnection
    private let player: MediaPlayer
    private let others: OtherPlayers
    private let logger: Logger
    private let shared: Mutex<(owned: Bool, pauseOthers: Bool)>
    /// Whether a session or a pending break is under way (on the bus queue).
    private var sessionActive = false

    /// Hands-free control for `commands`, on the session bus `environment` locates.
    public init(environment: [String: String], settings: DaemonConfig.Media, commands: any MediaCommands, logger: Logger) {
        connection = BusConnection(.session, queue: DispatchQueue(label: "relief.bus.session", qos: .userInteractive),
                                   environment: environment, logger: logger)
        player = MediaPlayer(connection: connection, commands: commands,
                             desktopEntry: MediaPlayer.installedDesktopEntry(environment: environment), logger: logger)
        others = OtherPlayers(connection: connection, ownName: MediaPlayer.busName, logger: logger)
        self.logger = logger
        shared = Mutex((owned: false, pauseOthers: settings.pauseOthers))
    }

    /// Connects, exports the player and takes its name; `changed` is called whenever what
    /// `status` reports about media control changes.
    public func start(changed: @escaping @Sendable () -> Void) {
        connection.onStateChange { [weak self] state in
            if state == .waiting {
                self?.shared.withLock { $0.owned = false }
                changed()
            }
        }
        do {
            try player.publish { [weak self, logger] owned in
                self?.shared.withLock { $0.owned = owned }
                if owned { logger.info("media control on: MPRIS player \(MediaPlayer.busName)") }
                changed()
            }
        } catch {
            logger.warning("media control off: \(error)")
        }
        connection.start()
    }

    /// What `status` says about media control.
    public var status: Status.Media {
        let (owned, pauseOthers) = shared.withLock { ($0.owned, $0.pauseOthers) }
        let error: String?
        if owned {
            error = nil
        } else if connection.address == nil {
            error = "no session bus (DBUS_SESSION_BUS_ADDRESS is unset and there is no $XDG_RUNTIME_DIR/bus)"
        } else if connection.isConnected {
            error = "\(MediaPlayer.busName) belongs to another program"
        } else {
            error = "waiting for the session bus at \(connection.address?.text ?? "")"
        }
        return Status.Media(active: owned, error: error, pauseOthers: pauseOthers)
    }

    /// `[media] pause_others` changed (reload); applies from the next session.
    public func setPauseOthers(_ pauseOthers: Bool) {
        shared.withLock { $0.pauseOthers = pauseOthers }
    }

    /// The daemon is exiting (its session stopped, though the end event may still wait for the
    /// stop cue): resumes the players paused for the session and waits for that, at most
    /// `timeout` seconds.
    public func shutDown(timeout: Double = 1) {
        connection.queue.sync {
            guard sessionActive else { return }
            sessionActive = false
            others.resumePaused()
        }
        _ = others.resuming.wait(timeout: .now() + timeout)
    }

    /// Follows the scheduler's events (any queue): the player's properties, and other players
    /// paused when a session or a scheduled break begins and resumed when it is over.
    public func follow(_ event: Event) {
        guard case .state(let status) = event else { return }
        connection.queue.async { [self] in
            player.show(status)
            let active = status.state != "idle" || status.pending != nil
            guard active != sessionActive else { return }
            sessionActive = active
            if active {
                if shared.withLock({ $0.pauseOthers }) { others.pausePlaying() }
            } else {
                others.resumePaused()
            }
        }
    }
}
