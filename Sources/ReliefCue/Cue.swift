/// A cue is one short, recognisable tone; each marks a moment a person must act on.
///
/// The raw value is the cue's name everywhere a user sees it: the WAV file name in
/// `Sounds/`, the override file `~/.config/relief/sounds/CUE.wav`, the `cue` command
/// and the `cue` field of events.
public enum Cue: String, CaseIterable, Sendable, Codable, Hashable {
    case begin, hold, move, release
    case switchSide = "switch-side"
    case inhale, exhale, tick, halfway, complete, stop, pause, resume, warning
}
