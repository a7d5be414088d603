import ReliefCore
import ReliefProtocol

/// Why a command was refused, as a value: the scheduler and its parts throw these and never
/// word them. `ProtocolError.init(_:)` below is the one place they become wire codes and
/// sentences (as MPD's `ToAck`), so a message is written once and reads the same everywhere.
enum CommandError: Error, Equatable {
    /// No session runs (and, for `stop`, no break waits in its window or after a call).
    case notRunning
    /// `start` while `routine` runs or waits in its warning window.
    case busy(routine: String)
    /// No routine by that name; `known` are the names there are.
    case unknownRoutine(String, known: [String])
    /// No cue by that name.
    case unknownCue(String)
    /// The session refused the command; `phase` is where it was then.
    case session(SessionError, phase: Phase)
}

extension ProtocolError {
    /// The wire code and the message a person reads for `error`: what is wrong and what works.
    init(_ error: CommandError) {
        switch error {
        case .notRunning, .session(.notRunning, _):
            self.init(.notRunning, "no session is running; start one with {\"cmd\":\"start\",\"routine\":NAME}")
        case .busy(let routine):
            self.init(.busy, "\"\(routine)\" is already running or about to begin; stop it first with {\"cmd\":\"stop\"}")
        case .unknownRoutine(let name, let known):
            // One guess when a name is close (`wal-stretch`); the whole list only when none is.
            if let meant = Suggestion.closest(to: name, among: known) {
                self.init(.unknownRoutine, "no routine '\(name)'; did you mean '\(meant)'?")
            } else {
                self.init(.unknownRoutine, "no routine '\(name)'; the routines are \(known.joined(separator: ", "))")
            }
        case .unknownCue(let name):
            let cues = Cue.allCases.map(\.rawValue)
            let guess = Suggestion.closest(to: name, among: cues).map { "did you mean '\($0)'? " } ?? ""
            self.init(.badRequest, "unknown cue '\(name)'; \(guess)the cues are \(cues.joined(separator: ", "))")
        case .session(.notInHold, let phase):
            self.init(.badRequest, "extend works during a hold or a move; the session is in its \(phase.rawValue) phase")
        case .session(.invalidSeconds, _):
            self.init(.badRequest, "\"seconds\" must be \(Int(Request.minimumExtendSeconds)) ≤ seconds ≤ \(Int(Request.maximumExtendSeconds))")
        case .session(let other, _):
            // pause/resume where the session already is are answered with the status, never
            // refused; should one get here, the session's own sentence says what happened.
            self.init(.badRequest, other.description)
        }
    }
}
