/// One recorded session, as `history` reports it.
public struct HistoryEntry: Codable, Sendable, Equatable {
    /// The routine's name.
    public var routine: String
    /// When it began (wall clock).
    public var start: Double
    /// When it ended, or nil while it runs or when a crash cut it short.
    public var end: Double?
    /// `completed`, `stopped`, `interrupted`, or nil while it runs.
    public var outcome: String?
    /// Whether the timer started it.
    public var scheduled: Bool
    /// Steps finished.
    public var stepsDone: Int
    /// Routine seconds done (time scale 1).
    public var seconds: Double

    /// Creates an entry.
    public init(routine: String, start: Double, end: Double?, outcome: String?, scheduled: Bool,
                stepsDone: Int, seconds: Double) {
        self.routine = routine
        self.start = start
        self.end = end
        self.outcome = outcome
        self.scheduled = scheduled
        self.stepsDone = stepsDone
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case routine, start, end, outcome, scheduled, stepsDone = "steps_done", seconds
    }
}

/// Sessions and exercise time over a span of days.
public struct HistoryTotals: Codable, Sendable, Equatable {
    /// Sessions started in the span, whatever their outcome.
    public var sessions: Int
    /// Routine seconds done in them (time scale 1).
    public var seconds: Double
    /// Creates totals.
    public init(sessions: Int, seconds: Double) {
        self.sessions = sessions
        self.seconds = seconds
    }
}

/// Today, the last 7 days and the streak, in the user's local time.
public struct HistorySummary: Codable, Sendable, Equatable {
    /// Since local midnight.
    public var today: HistoryTotals
    /// Today and the six days before it.
    public var last7Days: HistoryTotals
    /// Consecutive days, ending today (or yesterday when today has none yet), with at least
    /// one completed session.
    public var streakDays: Int

    /// Creates a summary.
    public init(today: HistoryTotals, last7Days: HistoryTotals, streakDays: Int) {
        self.today = today
        self.last7Days = last7Days
        self.streakDays = streakDays
    }

    enum CodingKeys: String, CodingKey { case today, last7Days = "last_7_days", streakDays = "streak_days" }
}

/// The reply of `history`.
public struct HistoryReport: Codable, Sendable, Equatable {
    /// Sessions started in the requested days, oldest first.
    public var sessions: [HistoryEntry]
    /// The summary over all recorded sessions.
    public var summary: HistorySummary
    /// Creates the reply body.
    public init(sessions: [HistoryEntry], summary: HistorySummary) {
        self.sessions = sessions
        self.summary = summary
    }
}
