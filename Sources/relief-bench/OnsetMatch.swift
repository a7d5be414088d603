/// One cue of a plan: what should sound, and when (wall clock, seconds).
struct PlannedCue {
    var cue: String
    var plannedUnix: Double
    /// reliefd's own estimate of when the first frame reached the device, when it gave one.
    var reportedUnix: Double?
}

/// Planned cues paired with the onsets found in a recording.
struct OnsetMatch {
    /// Per planned cue: recorded onset minus planned instant (seconds), nil when not found.
    var errors: [Double?]
    /// Recorded onset (wall clock) per planned cue, nil when not found.
    var onsets: [Double?]
    /// Onsets in the recording that belong to no planned cue.
    var stray: Int

    var missed: Int { errors.filter { $0 == nil }.count }
    var found: [Double] { errors.compactMap { $0 } }

    /// Interval errors: for every two consecutive cues both found, (recorded gap − planned gap).
    /// `from` 2 leaves out the interval from the first cue, which a stream that has just
    /// started places with a less settled clock.
    func intervalErrors(_ plan: [PlannedCue], from first: Int = 1) -> [Double] {
        (first..<max(first, plan.count)).compactMap { index in
            guard let a = onsets[index - 1], let b = onsets[index] else { return nil }
            return (b - a) - (plan[index].plannedUnix - plan[index - 1].plannedUnix)
        }
    }

    /// Matches in time order. `detections` are wall-clock instants of the first loud frame
    /// of every sound in the recording (a clip with inner pauses gives several). A cue
    /// matches the first detection from 30 ms before to 250 ms after where it is expected —
    /// its planned instant plus its clip's lead-in, shifted by the previous cue's error so a
    /// player that drifts (the shell loop) is still followed — and the detections inside
    /// that clip's length are its own.
    init(plan: [PlannedCue], detections: [Double], clips: CueClips) {
        errors = []
        onsets = []
        stray = 0
        var next = 0
        var drift = 0.0
        let rate = Double(CueClips.rate)
        for cue in plan {
            let clip = clips.clips[cue.cue]
            let leadIn = Double(clip?.leadIn ?? 0) / rate
            let expected = cue.plannedUnix + leadIn + drift
            while next < detections.count && detections[next] < expected - 0.030 {
                stray += 1
                next += 1
            }
            guard next < detections.count, detections[next] < expected + 0.250 else {
                errors.append(nil)
                onsets.append(nil)
                continue
            }
            let onset = detections[next] - leadIn
            errors.append(onset - cue.plannedUnix)
            onsets.append(onset)
            drift = onset - cue.plannedUnix
            let clipEnd = onset + Double(clip?.frames ?? 0) / rate
            next += 1
            while next < detections.count && detections[next] < clipEnd { next += 1 }
        }
        stray += detections.count - next
    }
}
