/// A scheduled break's warning window and the snooze, as a value like `Session`: told what
/// happened and when (`now`, monotonic seconds), it returns what to do. The scheduler arms
/// the wake-ups, plays the warning and begins the session; nothing here reads a clock.
struct BreakWindow: Sendable {
    /// A scheduled break between its warning cue and its begin.
    struct Pending: Sendable, Equatable {
        let entry: CatalogRoutine
        /// When the session begins (monotonic, and on the wall clock for `status`).
        let beginsAt: Double
        let beginsUnix: Double
    }

    /// Scheduled breaks are skipped until `until` (monotonic; `untilUnix` on the wall clock).
    struct Snooze: Sendable, Equatable {
        let until: Double
        let untilUnix: Double
    }

    enum Action: Sendable, Equatable {
        /// Open the device, play the warning cue at `at`, and announce `entry`, which begins at `beginsAt`.
        case warn(CatalogRoutine, at: Double, beginsAt: Double)
        /// Wake up at `instant` to begin the break (nil: no wake-up).
        case armBegin(Double?)
        /// Begin the session of `entry` now.
        case begin(CatalogRoutine)
        /// The break was called off inside its window: silence its announcement, close the device.
        case cancelled(CatalogRoutine)
        /// Wake up when the snooze ends (nil: no wake-up), to tell subscribers it is over.
        case armSnoozeEnd(Double?)
    }

    private(set) var pending: Pending?
    private(set) var snooze: Snooze?

    /// Whether scheduled breaks are snoozed at `now`.
    func isSnoozed(now: Double) -> Bool { snooze.map { $0.until > now } ?? false }

    /// The warning of `entry` a cue lead from now, its begin `window` seconds after that.
    /// `wallOffset` labels the begin for people. Nothing happens while a break already waits.
    mutating func warn(_ entry: CatalogRoutine, now: Double, lead: Double, window: Double,
                       wallOffset: Double) -> [Action] {
        guard pending == nil else { return [] }
        let beginsAt = now + lead + window
        pending = Pending(entry: entry, beginsAt: beginsAt, beginsUnix: beginsAt + wallOffset)
        return [.warn(entry, at: now + lead, beginsAt: beginsAt), .armBegin(beginsAt)]
    }

    /// The begin's wake-up came: the break's session begins.
    mutating func warningElapsed() -> [Action] {
        guard let break_ = pending else { return [] }
        pending = nil
        return [.armBegin(nil), .begin(break_.entry)]
    }

    /// `stop`, `snooze` or sleep inside the window: the break is called off.
    mutating func cancel() -> [Action] {
        guard let break_ = pending else { return [] }
        pending = nil
        return [.armBegin(nil), .cancelled(break_.entry)]
    }

    /// Skips scheduled breaks for `seconds` from `now` (0: snooze off); a waiting break is
    /// called off.
    mutating func snooze(seconds: Double, now: Double, wallOffset: Double) -> [Action] {
        guard seconds > 0 else {
            snooze = nil
            return [.armSnoozeEnd(nil)]
        }
        snooze = Snooze(until: now + seconds, untilUnix: now + seconds + wallOffset)
        return cancel() + [.armSnoozeEnd(now + seconds)]
    }

    /// The snooze's wake-up came; returns the instant the state is published at (a wake-up
    /// may come a hair early on the float clock, so never before the snooze's end), or nil
    /// when there is no snooze.
    mutating func snoozeEnded(now: Double) -> Double? {
        guard let snooze else { return nil }
        self.snooze = nil
        return max(now, snooze.until)
    }
}
