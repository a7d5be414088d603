import Logging
import ReliefCore
import ReliefProtocol

/// The routines the daemon can run, loaded once (and again on reload), with each one's
/// compiled timeline — spoken, with its lead-ins, when there is a voice — so neither `list`
/// nor a start compiles anything. Kept by the scheduler on its queue.
struct RoutineCache {
    private let source: any RoutineSource
    /// Spoken guidance; nil when voice is off (sessions play `Timeline(routine:)`).
    private let voice: SessionVoice?
    private let logger: Logger
    private var catalog = RoutineCatalog(routines: [:], problems: [])
    private var timelines: [String: Timeline] = [:]
    /// With voice: what each routine says, and the timeline with lead-ins it then plays.
    private var spokenTimelines: [String: SpokenTimeline] = [:]

    init(source: any RoutineSource, voice: SessionVoice?, logger: Logger) {
        self.source = source
        self.voice = voice
        self.logger = logger
    }

    /// Reads every routine again; what went wrong is logged and returned.
    mutating func load() -> Reloaded {
        catalog = source.load()
        spokenTimelines = voice.map { voice in catalog.routines.mapValues { voice.spoken($0.routine) } } ?? [:]
        timelines = catalog.routines.mapValues { spokenTimelines[$0.routine.name]?.timeline ?? Timeline(routine: $0.routine) }
        for problem in catalog.problems { logger.warning("routine not loaded: \(problem)") }
        logger.info("\(catalog.routines.count) routines available")
        return Reloaded(routines: catalog.routines.count, problems: catalog.problems)
    }

    /// The routine called `name`.
    func routine(named name: String) throws(CommandError) -> CatalogRoutine {
        guard let entry = catalog.routines[name] else {
            throw .unknownRoutine(name, known: catalog.routines.keys.sorted())
        }
        return entry
    }

    /// What a session of `entry` plays, as `show` and `list` time it.
    func timeline(of entry: CatalogRoutine) -> Timeline {
        timelines[entry.routine.name] ?? Timeline(routine: entry.routine)
    }

    /// Every routine, sorted by name.
    var list: RoutineList {
        RoutineList(routines: catalog.routines.values.sorted { $0.routine.name < $1.routine.name }.map { entry in
            RoutineSummary(name: entry.routine.name, title: entry.routine.title, summary: entry.routine.summary,
                           duration: timeline(of: entry).duration, source: entry.origin)
        })
    }

    /// `show`: one routine with its steps, cautions and (with voice) what is said.
    func shown(_ name: String) throws(CommandError) -> RoutineShown {
        let entry = try routine(named: name)
        var detail = RoutineDescription.detail(of: entry, timeline: timeline(of: entry))
        detail.spoken = spokenTimelines[entry.routine.name].map(SessionVoice.script(of:))
        return RoutineShown(routine: detail)
    }

    /// What a session of `entry` starting now plays: with `briefing` (not heard yet, and a
    /// voice that can speak) the spoken timeline opened by the safety briefing; else as `show` says.
    func sessionTimeline(of entry: CatalogRoutine, briefing: Bool)
        -> (timeline: Timeline, spoken: SpokenTimeline?, briefing: Bool) {
        if briefing, let voice, voice.canSpeak {
            let spoken = voice.spoken(entry.routine, briefing: true)
            return (spoken.timeline, spoken, true)
        }
        let spoken = spokenTimelines[entry.routine.name]
        return (spoken?.timeline ?? timeline(of: entry), spoken, false)
    }
}
