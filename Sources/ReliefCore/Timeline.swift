/// A routine compiled into the ordered list of cues a session plays.
///
/// Pure and deterministic: the same routine always gives the same timeline, and its
/// total duration is known before the session starts. All offsets are seconds from the
/// session's start at time scale 1.
///
/// The compiler follows SPEC "Routines" exactly:
///
/// - Steps play in order, each starting where the previous one ended (no gap).
/// - A **move step** compiles exactly like a hold step, with the `move` cue (phase `move`)
///   in place of the `hold` cue (phase `hold`): a hold means stay still, a move keep moving.
/// - A **hold step** is made of units: for each rep `r` in `1…reps`, one unit per side in
///   `sides` (or a single unit with side `nil` when `sides` is empty). A unit opens with a
///   cue — `begin` for the first unit of every rep, `switch-side` for a following side of
///   the same rep — then `prepare` seconds (phase `prepare`); then the `hold` cue opens
///   `hold` seconds (phase `hold`), with `tick` cues at `holdEnd − k` for `k = countdown…1`
///   (only those strictly after the hold cue) and, when the hold is 20 s or longer, a
///   `halfway` cue at `holdStart + hold/2` unless a tick is within 0.5 s of it (inclusive);
///   then the `release` cue opens `release` seconds (phase `release`). Between reps — not
///   after the last — come `rest` seconds (phase `rest`, side `nil`, rep of the rep just
///   done); no cue opens a rest: the next rep's `begin` closes it.
/// - A **breathing step** plays `begin`, `prepare` seconds, then for each of `reps` breaths
///   an `inhale` cue (phase `inhale`, `inhale` s), an `exhale` cue (phase `exhale`,
///   `exhale` s) and, when `pause > 0`, a silent pause (phase `breath-pause`, no cue);
///   after the last breath a `release` cue and `release` seconds. Breathing ignores `sides`
///   (the loader rejects them) and has no rest; each breath is its own rep.
/// - After the last step one `complete` cue (phase `complete`, step index of the last step,
///   side `nil`) ends the timeline; `duration` is its offset.
/// - Zero-length phases are kept: with `prepare = 0` the `begin` and `hold` cues share an
///   offset, in that order. Cues at the same offset always keep the order above.
///
/// The compiler never traps on bad numbers: a negative or non-finite time counts as 0, a
/// negative countdown as 0 and `reps < 1` as 1. The loader rejects such routines first;
/// this only keeps the timeline ordered whatever it is given.
public struct Timeline: Sendable, Equatable {
    /// The routine as compiled.
    public let routine: Routine
    /// Every cue in time order; the last one is `complete`.
    public let cues: [TimedCue]
    /// Seconds (time scale 1) from the start to the `complete` cue.
    public let duration: Double
    /// Offset of each step's `begin` cue, by step index.
    public let stepStarts: [Double]
    /// Every phase in time order, tiling `0..<duration` without gaps; zero-length phases
    /// are included, and the last span is the zero-length `complete` at `duration`.
    public let spans: [Span]
    /// Index into `cues` of each step's `begin` cue, by step index.
    let beginIndices: [Int]

    /// A stretch of the timeline in which one phase is in force for one step, side and rep.
    public struct Span: Sendable, Equatable, Hashable {
        /// Offset at which the phase starts (inclusive).
        public var start: Double
        /// Offset at which the phase ends (exclusive); equal to `start` for zero-length phases.
        public var end: Double
        /// What the person is doing.
        public var phase: Phase
        /// Index into the routine's steps.
        public var stepIndex: Int
        /// Side being worked, or nil for one-sided steps, rests and `complete`.
        public var side: String?
        /// Repetition (or breath) number, starting at 1.
        public var rep: Int
        /// Indices into `Timeline.cues` of the cues that sound in this span: the cue that
        /// opens it first (none for `rest` and `breath-pause`), then any `halfway`/`tick`.
        public var cues: Range<Int>

        /// Length of the phase in seconds at time scale 1.
        public var duration: Double { end - start }

        /// A span as the compiler makes it; public so other modules can build expectations.
        public init(start: Double, end: Double, phase: Phase, stepIndex: Int, side: String?,
                    rep: Int, cues: Range<Int>) {
            self.start = start
            self.end = end
            self.phase = phase
            self.stepIndex = stepIndex
            self.side = side
            self.rep = rep
            self.cues = cues
        }
    }

    /// Compiles `routine` following SPEC "Routines" (see the type's documentation).
    public init(routine: Routine) {
        self.init(routine: routine, leadIns: [:])
    }

    /// Compiles `routine` with silent lead-ins for spoken guidance (`SpokenTimeline`):
    /// `leadIns[i]` seconds are inserted just before cue `i` (as numbered without lead-ins,
    /// which add no cues). The time lengthens the span before that cue; before the very
    /// first cue it is a `rest` span of the first step. Cues and spans keep their order and
    /// count (but for that first span); only offsets move.
    init(routine: Routine, leadIns: [Int: Double]) {
        var compiler = Compiler()
        compiler.leadIns = leadIns
        for (index, step) in routine.steps.enumerated() {
            compiler.compile(step, index: index)
        }
        compiler.finish(lastStep: max(0, routine.steps.count - 1))
        self.routine = routine
        self.cues = compiler.cues
        self.spans = compiler.spans
        self.stepStarts = compiler.stepStarts
        self.beginIndices = compiler.beginIndices
        self.duration = compiler.now
    }

    /// Seconds (time scale 1) from step `index`'s `begin` cue to the next step's `begin`
    /// (or to `complete` for the last step); 0 for an index that is not a step.
    public func duration(ofStep index: Int) -> Double {
        guard stepStarts.indices.contains(index) else { return 0 }
        let end = index + 1 < stepStarts.count ? stepStarts[index + 1] : duration
        return end - stepStarts[index]
    }

    /// Index into `spans` of the phase in force at `offset`: the non-empty span containing
    /// it, or the final `complete` span from `duration` on. Offsets before 0 count as 0.
    public func spanIndex(at offset: Double) -> Int {
        let last = spans.count - 1
        guard offset < duration else { return last }
        let offset = max(offset, 0)
        // Spans tile 0..<duration, so the last span starting at or before `offset` contains
        // it and is non-empty (an empty span is always followed by one with the same start).
        var low = 0, high = last  // invariant: spans[low].start <= offset (or low == 0)
        while low < high {
            let middle = (low + high + 1) / 2
            if spans[middle].start <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The phase (with step, side and rep) in force at `offset`; see `spanIndex(at:)`.
    public func span(at offset: Double) -> Span {
        spans[spanIndex(at: offset)]
    }

    /// Indices into `cues` of step `index`'s cues, from its `begin` to the cue before the
    /// next step's `begin` (the last step's range excludes `complete`); empty for an index
    /// that is not a step.
    public func cueRange(ofStep index: Int) -> Range<Int> {
        guard beginIndices.indices.contains(index) else { return 0..<0 }
        let end = index + 1 < beginIndices.count ? beginIndices[index + 1] : cues.count - 1
        return beginIndices[index]..<end
    }
}

/// Builds a timeline cue by cue; `now` is the offset reached so far.
private struct Compiler {
    var cues: [TimedCue] = []
    var spans: [Timeline.Span] = []
    var stepStarts: [Double] = []
    var beginIndices: [Int] = []
    var now = 0.0
    /// Seconds of silence to insert before the cue of each index (spoken guidance).
    var leadIns: [Int: Double] = [:]

    /// Holds of this length or more get a `halfway` cue.
    static let halfwayMinimumHold = 20.0
    /// A `halfway` this close to a tick (inclusive) would blur with it, so it is dropped.
    static let halfwayTickClearance = 0.5

    mutating func compile(_ step: Step, index: Int) {
        // The step's begin is its first cue: a lead-in before it belongs before the step.
        insertLeadIn(before: Place(step: index, side: nil, rep: 1))
        stepStarts.append(now)
        beginIndices.append(cues.count)
        let reps = max(1, step.reps)
        let prepare = Self.seconds(step.prepare), release = Self.seconds(step.release)
        switch step.action {
        case let .hold(seconds, countdown), let .move(seconds, countdown):
            let moves = if case .move = step.action { true } else { false }
            let hold = Self.seconds(seconds), rest = Self.seconds(step.rest)
            let sides: [String?] = step.sides.isEmpty ? [nil] : step.sides.map { $0 }
            for rep in 1...reps {
                for (unit, side) in sides.enumerated() {
                    let place = Place(step: index, side: side, rep: rep)
                    phase(.prepare, seconds: prepare, opener: unit == 0 ? .begin : .switchSide, place)
                    holdPhase(seconds: hold, countdown: max(0, countdown), moves: moves, place)
                    phase(.release, seconds: release, opener: .release, place)
                }
                if rep < reps {
                    phase(.rest, seconds: rest, opener: nil, Place(step: index, side: nil, rep: rep))
                }
            }
        case let .breathe(inhale, exhale, pause):
            let inhale = Self.seconds(inhale), exhale = Self.seconds(exhale)
            let pause = Self.seconds(pause)
            phase(.prepare, seconds: prepare, opener: .begin, Place(step: index, side: nil, rep: 1))
            for breath in 1...reps {
                let place = Place(step: index, side: nil, rep: breath)
                phase(.inhale, seconds: inhale, opener: .inhale, place)
                phase(.exhale, seconds: exhale, opener: .exhale, place)
                if pause > 0 { phase(.breathPause, seconds: pause, opener: nil, place) }
            }
            phase(.release, seconds: release, opener: .release, Place(step: index, side: nil, rep: reps))
        }
    }

    mutating func finish(lastStep: Int) {
        let rep = cues.last?.rep ?? 1
        phase(.complete, seconds: 0, opener: .complete, Place(step: lastStep, side: nil, rep: rep))
    }

    /// Where in the routine a phase belongs.
    struct Place {
        var step: Int
        var side: String?
        var rep: Int
    }

    /// Inserts the lead-in asked for before the next cue, if any: the span before it grows,
    /// or, before the first cue, a `rest` span of `place`'s step opens the timeline.
    private mutating func insertLeadIn(before place: Place) {
        guard let seconds = leadIns[cues.count].map(Self.seconds), seconds > 0 else { return }
        leadIns[cues.count] = nil  // once: a step asks before its begin, and so does the begin
        if spans.isEmpty {
            spans.append(Timeline.Span(start: now, end: now + seconds, phase: .rest, stepIndex: place.step,
                                       side: nil, rep: 1, cues: 0..<0))
        } else {
            spans[spans.count - 1].end += seconds
        }
        now += seconds
    }

    /// Appends a phase of `seconds`, opened by `opener` (nil: a silent phase).
    private mutating func phase(_ phase: Phase, seconds: Double, opener: Cue?, _ place: Place) {
        if opener != nil { insertLeadIn(before: place) }
        let first = cues.count
        if let opener { cue(opener, at: now, phase: phase, place) }
        let end = now + seconds
        spans.append(Timeline.Span(start: now, end: end, phase: phase, stepIndex: place.step,
                                   side: place.side, rep: place.rep, cues: first..<cues.count))
        now = end
    }

    /// The hold (or move) phase: the `hold` (`move`) cue, then `halfway` and countdown
    /// `tick`s in time order.
    private mutating func holdPhase(seconds hold: Double, countdown: Int, moves: Bool, _ place: Place) {
        let first = cues.count, start = now, end = now + hold
        let phase: Phase = moves ? .move : .hold
        cue(moves ? .move : .hold, at: start, phase: phase, place)
        // Ticks at end − k only where they fall strictly after the hold cue; k ≥ hold never
        // does, which also bounds the loop for absurd countdowns.
        let ticks = Int(min(Double(countdown), hold.rounded(.up)))
        let tickOffsets = stride(from: ticks, through: 1, by: -1)
            .map { end - Double($0) }
            .filter { $0 > start }
        let halfway = start + hold / 2
        let addsHalfway = hold >= Self.halfwayMinimumHold
            && !tickOffsets.contains { abs($0 - halfway) <= Self.halfwayTickClearance }
        // Ticks are 1 s apart, so a surviving halfway falls before them; placing it by
        // offset keeps the order even where rounding says otherwise.
        let ticksBeforeHalfway = addsHalfway ? tickOffsets.prefix { $0 < halfway }.count : 0
        for offset in tickOffsets.prefix(ticksBeforeHalfway) { cue(.tick, at: offset, phase: phase, place) }
        if addsHalfway { cue(.halfway, at: halfway, phase: phase, place) }
        for offset in tickOffsets.dropFirst(ticksBeforeHalfway) { cue(.tick, at: offset, phase: phase, place) }
        spans.append(Timeline.Span(start: start, end: end, phase: phase, stepIndex: place.step,
                                   side: place.side, rep: place.rep, cues: first..<cues.count))
        now = end
    }

    private mutating func cue(_ cue: Cue, at offset: Double, phase: Phase, _ place: Place) {
        cues.append(TimedCue(offset: offset, cue: cue, stepIndex: place.step, side: place.side,
                             rep: place.rep, phase: phase))
    }

    /// A time the compiler can order: negative or non-finite times count as 0.
    static func seconds(_ value: Double) -> Double {
        value.isFinite && value > 0 ? value : 0
    }
}
