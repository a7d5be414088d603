import Logging
import ReliefAudio
import ReliefProtocol

/// A reload, as SIGHUP and the `reload` command both do it: routines, sounds and
/// reliefd.toml are read again without disturbing a running session, and systemd hears
/// `RELOADING=1` before and `READY=1` after.
///
/// From the config file, the break policy applies to the next scheduled break and the
/// output to the next time the device opens. The reply lists every problem: routine files
/// first, then the config file's, then a break routine that names no routine.
public final class Reload: Sendable {
    private let scheduler: Scheduler
    private let player: any CuePlayer
    private let configSource: ConfigWithFlags?
    private let service: ServiceStatus
    private let logger: Logger
    private let media: MediaControl?

    /// A reload of `scheduler`'s routines, `player`'s sounds and output, and `configSource`
    /// (with `media`'s `[media]` settings).
    public init(scheduler: Scheduler, player: any CuePlayer, configSource: ConfigWithFlags?,
                service: ServiceStatus, logger: Logger, media: MediaControl? = nil) {
        self.media = media
        self.scheduler = scheduler
        self.player = player
        self.configSource = configSource
        self.service = service
        self.logger = logger
    }

    /// Reloads everything and says what is available and what is wrong.
    public func run() -> Reloaded {
        service.reloading()
        var configProblems: [String] = []
        if let configSource {
            let file = configSource.read()
            configProblems = file.problems.map(\.description)
            for problem in configProblems { logger.error("config: \(problem)") }
            scheduler.setBreaks(routine: file.config.breaks.routine, warningSeconds: file.config.breaks.warningSeconds,
                                checks: file.config.breaks.checks)
            player.setOutput(device: file.config.audio.device, volume: file.config.audio.volume)
            media?.setPauseOthers(file.config.media.pauseOthers)
        }
        var result = scheduler.reload()
        result.problems += configProblems
        if let missing = Self.missingBreakRoutine(scheduler, source: configSource) {
            logger.error("config: \(missing)")
            result.problems.append(missing)
        }
        service.ready(scheduler.status())
        return result
    }

    /// A problem line when the break routine names no routine (every scheduled break would
    /// then fail with unknown-routine), else nil.
    static func missingBreakRoutine(_ scheduler: Scheduler, source: ConfigWithFlags?) -> String? {
        let name = scheduler.currentSettings.breakRoutine
        guard !scheduler.list().routines.contains(where: { $0.name == name }) else { return nil }
        let origin = source.map { $0.overrides.breakRoutine == nil ? "\($0.path): [breaks] routine" : "--break-routine" }
            ?? "the break routine"
        return "\(origin) \"\(name)\" is not a routine; scheduled breaks will fail until it names one (relief-ctl list shows them)"
    }
}
