import Logging
import Glibc
import ReliefBus
import ReliefProtocol

/// relief as the MPRIS player `org.mpris.MediaPlayer2.relief` (MPRIS 2.2): the object
/// `/org/mpris/MediaPlayer2` with `org.mpris.MediaPlayer2` and `org.mpris.MediaPlayer2.Player`.
/// Media keys, headset buttons (through mpris-proxy) and playerctl call its methods; they
/// become session commands. Every state change is announced with PropertiesChanged.
///
/// Lives on the bus connection's queue: getters and handlers run there, `show` is called there.
final class MediaPlayer: @unchecked Sendable {
    static let busName = "org.mpris.MediaPlayer2.relief"
    static let path = "/org/mpris/MediaPlayer2"
    static let rootInterface = "org.mpris.MediaPlayer2"
    static let playerInterface = "org.mpris.MediaPlayer2.Player"

    private let connection: BusConnection
    private let commands: any MediaCommands
    private let logger: Logger
    private var state: PlayerState
    private var export: BusExport?
    /// `DesktopEntry`: the base name of relief's .desktop file, when one is installed.
    private let desktopEntry: String?

    init(connection: BusConnection, commands: any MediaCommands, desktopEntry: String?, logger: Logger) {
        self.desktopEntry = desktopEntry
        self.connection = connection
        self.commands = commands
        self.logger = logger
        state = PlayerState(commands.status())
    }

    /// Exports the object and asks for the name; `owned` learns whether we got it.
    func publish(owned: @escaping @Sendable (Bool) -> Void) throws(BusError) {
        export = try connection.export(path: Self.path, interfaces: [rootInterface(), playerInterface()])
        connection.requestName(Self.busName, onResult: owned)
    }

    /// The session changed: update the properties and announce the ones that changed.
    func show(_ status: Status) {
        let new = PlayerState(status)
        let changed = new.changes(from: state)
        state = new
        connection.emitPropertiesChanged(path: Self.path, interface: Self.playerInterface, properties: changed)
    }

    // MARK: Interfaces

    private func rootInterface() -> BusInterface {
        BusInterface(
            name: Self.rootInterface,
            methods: [
                BusMethod("Raise") { _ in [] },  // CanRaise is false: nothing to raise
                BusMethod("Quit") { _ in [] },   // CanQuit is false: a media key never ends the daemon
            ],
            properties: [
                Self.constant("CanQuit", .bool(false)),
                Self.constant("CanRaise", .bool(false)),
                Self.constant("HasTrackList", .bool(false)),
                Self.constant("Identity", .string("relief")),
                Self.constant("SupportedUriSchemes", .strings([])),
                Self.constant("SupportedMimeTypes", .strings([])),
            ] + (desktopEntry.map { [Self.constant("DesktopEntry", .string($0))] } ?? []))
    }

    private func playerInterface() -> BusInterface {
        BusInterface(
            name: Self.playerInterface,
            methods: [
                command("PlayPause") { commands throws(ProtocolError) in try commands.toggle() },
                // Play resumes a paused session; idle, it does nothing (never a surprise session).
                command("Play") { commands throws(ProtocolError) in try commands.resume() },
                command("Pause") { commands throws(ProtocolError) in try commands.pause() },
                command("Stop") { commands throws(ProtocolError) in try commands.stop() },  // also cancels a pending break
                command("Next") { commands throws(ProtocolError) in try commands.skip() },
                command("Previous") { commands throws(ProtocolError) in try commands.back() },
                BusMethod("Seek", input: "x") { _ in [] },             // CanSeek is false
                BusMethod("SetPosition", input: "ox") { _ in [] },
                BusMethod("OpenUri", input: "s") { _ throws(BusError) in
                    throw BusError.notSupported("relief plays routines, not URIs: relief-ctl start NAME")
                },
            ],
            properties: PlayerState.propertyNames.map { name in
                BusProperty(name, signature: name == "PlaybackStatus" ? "s" : name == "Metadata" ? "a{sv}" : "b") {
                    [unowned self] in state.value(of: name)
                }
            } + [
                BusProperty("Position", signature: "x", change: .silent) { [unowned self] in
                    let status = commands.status()
                    return .int64(Int64((status.elapsed * status.timeScale * 1_000_000).rounded()))
                },
                Self.constant("Rate", .double(1)),
                Self.constant("MinimumRate", .double(1)),
                Self.constant("MaximumRate", .double(1)),
                Self.constant("Volume", .double(1)),
                Self.constant("CanSeek", .bool(false)),
                Self.constant("CanControl", .bool(true)),
            ],
            signals: [BusSignalDeclaration("Seeked", signature: "x")])
    }

    /// A method that runs a session command. No session (or nothing to resume) is not an
    /// error for a button: MPRIS says such a call has no effect.
    private func command(_ name: String, _ run: @escaping @Sendable (any MediaCommands) throws(ProtocolError) -> Status)
        -> BusMethod {
        BusMethod(name) { [unowned self] _ in
            do throws(ProtocolError) {
                _ = try run(commands)
                logger.info("MPRIS \(name)")
            } catch {
                logger.debug("MPRIS \(name): \(error.message)")
            }
            return []
        }
    }

    /// "relief" when `relief.desktop` is installed where desktops look for applications
    /// (`$XDG_DATA_HOME/applications`, then each of `$XDG_DATA_DIRS`), else nil.
    static func installedDesktopEntry(environment: [String: String]) -> String? {
        let home = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? environment["HOME"].map { $0 + "/.local/share" }
        let system = (environment["XDG_DATA_DIRS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/share:/usr/share")
            .split(separator: ":").map(String.init)
        let found = ([home].compactMap { $0 } + system).contains { directory in
            access(directory + "/applications/relief.desktop", R_OK) == 0
        }
        return found ? "relief" : nil
    }

    private static func constant(_ name: String, _ value: BusValue) -> BusProperty {
        BusProperty(name, signature: value.signature, change: .constant) { value }
    }
}
