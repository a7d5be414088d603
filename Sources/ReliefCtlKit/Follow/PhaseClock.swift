/// Counts down to the next phase change of the session being followed.
///
/// The protocol reports where a session is, not when its phase ends, so the clock works it
/// out: when it sees the position change (a cue event's planned instant, or a `state` event's
/// arrival), the new phase has the full length the routine gives it (learned from `show`).
/// Pausing freezes the count, resuming continues it, and a `state` event whose total time
/// grew (extend) adds the difference. Until it has seen a phase begin — e.g. right after
/// `follow` starts in the middle of a hold — it does not know, and says so with nil.
///
/// Times are at time scale 1; a daemon running at another `--time-scale` is corrected at
/// each event.
public struct PhaseClock: Sendable {
    /// Where in a routine a session is; a change of any part is a new phase.
    public struct Position: Sendable, Equatable {
        /// The routine, step index, phase, side and repetition.
        public var routine: String, step: Int, phase: String, side: String?, rep: Int

        /// Creates a position.
        public init(routine: String, step: Int, phase: String, side: String?, rep: Int) {
            self.routine = routine
            self.step = step
            self.phase = phase
            self.side = side
            self.rep = rep
        }
    }

    /// Seconds per phase name, per step, per routine.
    private var lengths: [String: [[String: Double]]] = [:]
    private var observed = false
    private var position: Position?
    private var running = false
    /// Phase seconds left as of a Unix instant.
    private var anchor: (unix: Double, left: Double)?
    private var lastTotal: Double?

    /// A clock that knows no routine yet.
    public init() {}

    /// True once `routine`'s phase lengths are known.
    public func knows(_ routine: String) -> Bool { lengths[routine] != nil }

    /// Learns a routine's phase lengths from a `show` reply's `routine` object.
    public mutating func learn(_ routine: ReplyFields) throws(MalformedReply) {
        let name = try routine.string("name")
        let keys = ["prepare": "prepare", "hold": "hold", "release": "release", "rest": "rest",
                    "inhale": "inhale", "exhale": "exhale", "breath-pause": "pause"]
        var steps: [[String: Double]] = []
        for step in try routine.objects("steps") {
            var phases: [String: Double] = [:]
            for (phase, key) in keys {
                if let seconds = try step.optionalNumber(key) { phases[phase] = seconds }
            }
            steps.append(phases)
        }
        lengths[name] = steps
    }

    /// Notes where the session is at `unix`.
    /// - Parameters:
    ///   - position: nil when no session runs.
    ///   - running: false while paused or idle.
    ///   - total: elapsed + remaining from a `state` event (nil for a cue event), to notice extensions.
    ///   - opensPhase: false for cues that sound inside a phase (`tick`, `halfway`), which
    ///     never mark a phase's beginning.
    public mutating func observe(_ position: Position?, at unix: Double, running: Bool, total: Double?,
                                 opensPhase: Bool = true) {
        defer {
            observed = true
            self.running = running
            if let total { lastTotal = total }
        }
        if position != self.position {
            let sawBeginning = observed && opensPhase
            self.position = position
            lastTotal = nil
            if sawBeginning, let position, let length = lengths[position.routine]?[safe: position.step]?[position.phase] {
                anchor = (unix, length)
            } else {
                anchor = nil
            }
            return
        }
        guard let current = anchor else { return }
        if self.running, !running {
            anchor = (unix, max(0, current.left - (unix - current.unix)))  // paused: freeze
        } else if !self.running, running {
            anchor = (unix, current.left)  // resumed: count on from where it froze
        }
        if let total, let lastTotal, total - lastTotal > 0.05 {
            anchor?.left += total - lastTotal  // extended
        }
    }

    /// Seconds until the phase changes, or nil when unknown.
    public func remaining(at unix: Double) -> Double? {
        guard let anchor else { return nil }
        return max(0, running ? anchor.left - (unix - anchor.unix) : anchor.left)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
