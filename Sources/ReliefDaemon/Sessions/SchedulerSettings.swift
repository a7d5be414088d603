extension Scheduler {
    /// What the scheduler needs to know beyond its collaborators.
    public struct Settings: Sendable {
        /// Multiplies every timeline gap and the warning window (`--time-scale`); tones keep their length.
        public var timeScale: Double
        /// The routine a scheduled start without a routine runs (the timer's break).
        public var breakRoutine: String
        /// Seconds (time scale 1) between the `warning` cue of a scheduled start and its begin cue,
        /// during which `stop` or `snooze` cancel it.
        public var warningSeconds: Double
        /// How far ahead of "now" a cue played on demand (`cue`, pause, resume, stop) and the
        /// first cue of a session are placed, so the stream can place them exactly rather than late.
        public var cueLead: Double
        /// The context checks of scheduled breaks (`[breaks]` skip_*, natural_breaks), their
        /// durations at time scale 1.
        public var checks: BreakPolicy.Settings

        /// Settings with the daemon's defaults.
        public init(timeScale: Double = 1, breakRoutine: String = "posture-break", warningSeconds: Double = 10,
                    cueLead: Double = 0.02, checks: BreakPolicy.Settings = BreakPolicy.Settings()) {
            self.checks = checks
            self.timeScale = timeScale
            self.breakRoutine = breakRoutine
            self.warningSeconds = warningSeconds
            self.cueLead = cueLead
        }
    }
}
