import ReliefBus
import ReliefProtocol

/// What relief shows as an MPRIS player (`org.mpris.MediaPlayer2.Player`) for a `status`:
/// the playback status, the metadata of the "track" (the session) and which buttons work.
///
/// The session is one track: its title follows the step and phase ("Seated twist — hold,
/// left"), its album is the routine's title and its length the session's, in real time.
struct PlayerState: Equatable, Sendable {
    /// `Playing`, `Paused` or `Stopped`.
    var playbackStatus: String
    /// `Metadata`: `mpris:trackid`, `mpris:length`, `xesam:title`, `xesam:album`, `xesam:trackNumber`.
    var metadata: [String: BusValue]
    /// A session exists: Play/Pause/Next/Previous do something.
    var hasSession: Bool

    /// The properties whose value this state sets, as MPRIS names them (emitted on change).
    static let propertyNames = ["PlaybackStatus", "Metadata", "CanPlay", "CanPause", "CanGoNext", "CanGoPrevious"]

    /// MPRIS's "no track" id.
    static let noTrack = "/org/mpris/MediaPlayer2/TrackList/NoTrack"

    init(_ status: Status) {
        switch status.state {
        case "running": playbackStatus = "Playing"
        case "paused": playbackStatus = "Paused"
        default: playbackStatus = "Stopped"
        }
        hasSession = status.state != "idle"
        guard hasSession, let routine = status.routine else {
            metadata = ["mpris:trackid": .objectPath(Self.noTrack)]
            if let pending = status.pending {
                metadata["xesam:title"] = .string("Break — \(pending.routine) begins soon")
            }
            return
        }
        let scale = status.timeScale
        metadata = [
            "mpris:trackid": .objectPath("/org/mpris/MediaPlayer2/relief/session/" + Self.pathElement(routine)),
            "mpris:length": .int64(Int64((status.duration * scale * 1_000_000).rounded())),
            "xesam:title": .string(status.step.map(Self.title(of:)) ?? (status.title ?? routine)),
            "xesam:album": .string(status.title ?? routine),
        ]
        if let step = status.step { metadata["xesam:trackNumber"] = .int32(Int32(clamping: step.index + 1)) }
    }

    /// "Seated twist — hold, left": the step, its phase and side.
    static func title(of step: Status.StepPosition) -> String {
        let phase = step.phase.replacing("-", with: " ")
        return "\(step.name) — \(phase)" + (step.side.map { ", \($0)" } ?? "")
    }

    /// A routine name as an object path element (`[A-Za-z0-9_]`).
    static func pathElement(_ name: String) -> String {
        String(name.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) ? Character(scalar) : "_"
        })
    }

    /// The value of one of `propertyNames`.
    func value(of property: String) -> BusValue {
        switch property {
        case "PlaybackStatus": .string(playbackStatus)
        case "Metadata": .namedValues(metadata)
        default: .bool(hasSession)  // CanPlay, CanPause, CanGoNext, CanGoPrevious
        }
    }

    /// The properties that differ from `old`.
    func changes(from old: PlayerState) -> [String] {
        Self.propertyNames.filter { value(of: $0) != old.value(of: $0) }
    }
}
