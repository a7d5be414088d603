import Dispatch
import Logging
import ReliefBus

/// The other MPRIS players on the session bus: the ones playing when a session begins are
/// paused, and exactly those are resumed when it ends — unless the person has taken one over
/// meanwhile (played or stopped it: its PropertiesChanged says so), or it has gone.
///
/// Lives on the bus connection's queue.
final class OtherPlayers: @unchecked Sendable {
    private static let prefix = "org.mpris.MediaPlayer2."
    private let connection: BusConnection
    private let ownName: String
    private let logger: Logger
    /// Players relief paused, by unique bus name (signals carry it) → well-known name.
    private var paused: [String: String] = [:]
    private var watch: BusSubscription?
    /// Between `pausePlaying` and `resumePaused`: a pause answered after the session ended is undone.
    private var sessionActive = false
    /// Resumptions under way (the daemon waits for them before it exits).
    let resuming = DispatchGroup()

    init(connection: BusConnection, ownName: String, logger: Logger) {
        self.connection = connection
        self.ownName = ownName
        self.logger = logger
        watch = connection.subscribe(.propertiesChanged(interface: MediaPlayer.playerInterface, path: MediaPlayer.path)) {
            [weak self] signal in self?.changed(signal)
        }
        connection.onStateChange { [weak self] state in
            if state == .waiting { self?.paused = [:] }  // their unique names died with the bus
        }
    }

    /// Pauses every other player that is playing now.
    func pausePlaying() {
        sessionActive = true
        call("org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
             member: "ListNames") { [weak self] reply in
            guard let self, let names = reply.values.first?.elements?.compactMap(\.text) else { return }
            for name in names where name.hasPrefix(Self.prefix) && name != ownName { pauseIfPlaying(name) }
        }
    }

    /// Resumes the players paused by `pausePlaying` that are still paused.
    func resumePaused() {
        sessionActive = false
        let players = paused
        paused = [:]
        for (unique, name) in players {
            resuming.enter()
            // The unique name: a player that quit and came back is a different one.
            connection.property(destination: unique, path: MediaPlayer.path, interface: MediaPlayer.playerInterface,
                                name: "PlaybackStatus", timeout: 2) { [weak self, resuming] result in
                guard let self, case .success(let status) = result, status.text == "Paused" else { return resuming.leave() }
                logger.info("resuming \(name), paused for the session")
                call(unique, path: MediaPlayer.path, interface: MediaPlayer.playerInterface, member: "Play", always: true) { _ in
                    resuming.leave()
                }
            }
        }
    }

    private func pauseIfPlaying(_ name: String) {
        connection.property(destination: name, path: MediaPlayer.path, interface: MediaPlayer.playerInterface,
                            name: "PlaybackStatus", timeout: 2) { [weak self] result in
            guard let self, case .success(let status) = result, status.text == "Playing" else { return }
            // The reply's sender is the player's unique name, which its signals carry.
            call(name, path: MediaPlayer.path, interface: MediaPlayer.playerInterface, member: "Pause") { [weak self] reply in
                guard let self, let unique = reply.sender else { return }
                guard sessionActive else {
                    return call(unique, path: MediaPlayer.path, interface: MediaPlayer.playerInterface, member: "Play") { _ in }
                }
                paused[unique] = name
                logger.info("paused \(name) for the session")
            }
        }
    }

    /// A player announced a new PlaybackStatus: anything but Paused means the person took it over.
    private func changed(_ signal: BusSignal) {
        guard let name = paused[signal.sender],
              let status = signal.values.dropFirst().first?.namedValues?["PlaybackStatus"]?.text,
              status != "Paused" else { return }
        paused[signal.sender] = nil
        logger.info("\(name) is \(status) again by hand; it will not be resumed")
    }

    /// Calls `member`; `then` runs with the reply, or (with `always`) also after an error with an empty one.
    private func call(_ destination: String, path: String, interface: String, member: String, always: Bool = false,
                      then: @escaping @Sendable (BusReply) -> Void) {
        connection.call(BusMethodCall(destination: destination, path: path, interface: interface, member: member),
                        timeout: 2) { [logger] result in
            switch result {
            case .success(let reply): then(reply)
            case .failure(let error):
                logger.debug("\(member) on \(destination): \(error)")
                if always { then(BusReply(sender: nil, values: [])) }
            }
        }
    }
}
