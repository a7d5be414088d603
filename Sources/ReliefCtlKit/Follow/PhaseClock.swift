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
    /// When the current phase was seen to begin; nil when that was not seen.
    private var began: Double?
    /// Seconds the current phase spent paused, and since when it is paused now.
    private var pausedSeconds = 0.0
    private var pausedSince: Double?
    /// Seconds added to the current phase by `extend`.
    private var extra = 0.0
    private var lastTotal: Double?

    /// A clock that knows no routine yet.
    public init() {}

    /// True once `routine`'s phase lengths are known.
    public func knows(_ routine: String) -> Bool { lengths[routine] != nil }

    /// Learns a routine's phase lengths from a `show` reply's `routine` object. It may come
    /// after the phase began: the countdown appears as soon as the lengths are known.
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
            // Seen from the first observation on, a change of position is a phase beginning.
            began = observed && opensPhase && position != nil ? unix : nil
            self.position = position
            pausedSeconds = 0
            pausedSince = running ? nil : unix
            extra = 0
            lastTotal = nil
            return
        }
        if self.running, !running, pausedSince == nil {
            pausedSince = unix
        } else if running, let since = pausedSince {
            pausedSeconds += max(0, unix - since)
            pausedSince = nil
        }
        if let total, let lastTotal, total - lastTotal > 0.05 {
            extra += total - lastTotal
        }
    }

    /// Seconds until the phase changes, or nil when unknown.
    public func remaining(at unix: Double) -> Double? {
        guard let began, let position,
              let length = lengths[position.routine]?[safe: position.step]?[position.phase] else { return nil }
        let until = pausedSince.map { min($0, unix) } ?? unix
        return max(0, length + extra - (until - began - pausedSeconds))
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
