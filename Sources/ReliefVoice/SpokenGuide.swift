import Dispatch
import ReliefAudio
import ReliefCore
import Synchronization
import ReliefSystem

/// The voice of one session: follows the session's actions, and queues each announcement
/// into the cue stream — rendered, placed, shaped around the cues and converted — ahead of
/// time and off the scheduler's path.
///
/// Wiring (the daemon's scheduler queue):
/// 1. At the start, make it with `Voice.guide(_:output:clock:)`; rendering of the announcements
///    begins at once on a background queue (in the order they are said, up to
///    `cacheLimit` bytes; the rest renders when handed out, a second or more ahead).
/// 2. After every call into the `Session` (start, advance, pause, resume, skip, back,
///    extend, stop), pass its actions to `follow(_:in:now:)` **before** performing them,
///    so a `.cancelScheduled(from:)` reaches queued speech before the stream drops the
///    rest (`CueStream.cancel(from:)` drops speech like cues).
/// 3. When the session is over, `close()` (speech already queued still plays, so the
///    closing line is heard).
///
/// Speech never delays a cue: it is placed in the quiet before the cue it announces, and
/// cut (`Clip.clearingCues`) where it would run into it. Speech never overlaps earlier
/// speech still sounding. Its speech takes `SpeechID`s from `SpeechID.firstAnnouncement` on.
public final class SpokenGuide: Sendable {
    /// What this session says and when.
    public let spoken: SpokenTimeline
    /// The id of a scheduled break's announcement (`Voice.say`), just below the session's.
    public static let breakIDBase = SpeechID.breakAnnouncement
    /// The id of the safety notes said on request (`relief-ctl safety`), below the break's.
    public static let safetyID = SpeechID.safetyBriefing
    /// Speech shaped shorter than this (seconds) is not worth playing.
    public static let shortestSpeech = 0.3
    /// Bytes of rendered speech rendered ahead at the start (≈ 90 s of speech).
    public static let cacheLimit = 4 << 20
    /// Silence kept between two speeches that would touch, in seconds.
    static let speechSpacing = 0.15

    private let engine: EspeakNG
    private let output: any SpeechOutput
    /// The session owner's clock: speech is placed against the same `now` as the cues.
    private let clock: any ReliefClock
    private let problems: @Sendable (String) -> Void
    private let state: Mutex<State>
    /// Places and queues speech, one request at a time, in the order handed out.
    private let speaking = DispatchQueue(label: "relief.voice.speak", qos: .userInitiated)
    /// Renders ahead at the start.
    private let rendering = DispatchQueue(label: "relief.voice.render", qos: .utility)

    private struct State: Sendable {
        var announcer: Announcer
        /// Rendered speech by text, with how many more times each text is still to be said.
        var cache: [String: SpeechClip] = [:]
        var cacheBytes = 0
        var usesLeft: [String: Int] = [:]
        /// Texts espeak-ng failed on: not tried again this session.
        var failed: Set<String> = []
        var reportedProblem = false
        /// Every cancel seen, numbered; a request is dropped if a later one covers it.
        var cancels: [(serial: Int, from: Double)] = []
        var serial = 0
        /// Speech queued and not known to be dropped: id → sounding interval.
        var queued: [SpeechID: (start: Double, end: Double)] = [:]
        var nextID = SpeechID.firstAnnouncement
        var closed = false
    }

    init(spoken: SpokenTimeline, engine: EspeakNG, output: any SpeechOutput, clock: any ReliefClock,
         problems: @escaping @Sendable (String) -> Void) {
        self.spoken = spoken
        self.engine = engine
        self.output = output
        self.clock = clock
        self.problems = problems
        var usesLeft: [String: Int] = [:]
        for announcement in spoken.announcements { usesLeft[announcement.text, default: 0] += 1 }
        state = Mutex(State(announcer: Announcer(spoken: spoken), usesLeft: usesLeft))
        renderAhead()
    }

    /// Takes the session's answer to one call (see the type's documentation for when):
    /// records its cancels and queues the speech now due.
    public func follow(_ actions: [SessionAction], in session: Session, now: Double) {
        let (requests, serial, silenceFrom) = state.withLock { state in
            var silenceFrom: Double?
            for case let .cancelScheduled(from) in actions {
                state.serial += 1
                state.cancels.append((state.serial, from))
                silenceFrom = min(silenceFrom ?? from, from)
            }
            return (state.announcer.requests(after: actions, in: session, now: now), state.serial, silenceFrom)
        }
        // The session paused, jumped or stopped: speech sounding then stops too, rather than
        // run on over the cue that follows (what the announcer still needs it hands out again).
        if let silenceFrom { output.silence(idsFrom: Self.breakIDBase, from: silenceFrom) }
        for request in requests {
            speaking.async { [self] in speak(request, serial: serial) }
        }
    }

    /// The session is over: stops rendering ahead and frees the rendered speech once the
    /// speech already handed out has been queued.
    public func close() {
        state.withLock { $0.closed = true }
        speaking.async { [self] in
            state.withLock { state in
                state.cache = [:]
                state.cacheBytes = 0
            }
        }
    }

    /// Returns once every request handed out so far is rendered and queued, or dropped.
    @_spi(Testing) public func settle() { speaking.sync {} }

    // MARK: Rendering

    private func renderAhead() {
        var texts: [String] = []
        for announcement in spoken.announcements where !texts.contains(announcement.text) {
            texts.append(announcement.text)
        }
        rendering.async { [self, texts] in
            for text in texts {
                let full = state.withLock { $0.closed || $0.cacheBytes >= Self.cacheLimit }
                if full { return }
                _ = clip(for: text, keep: true)
            }
        }
    }

    /// The rendered `text`, from the cache or rendered now; nil when it cannot be rendered
    /// (the first problem is reported). With `keep` false a text said for the last time
    /// leaves the cache.
    private func clip(for text: String, keep: Bool) -> SpeechClip? {
        let cached = state.withLock { state -> SpeechClip?? in
            if state.failed.contains(text) { return .some(nil) }
            return state.cache[text].map { .some($0) }
        }
        if let cached {
            if !keep { used(text) }
            return cached
        }
        do {
            let clip = try engine.render(text)
            state.withLock { state in
                if keep || (state.usesLeft[text] ?? 0) > 1, state.cache[text] == nil, !state.closed {
                    state.cache[text] = clip
                    state.cacheBytes += clip.samples.count * 2
                }
            }
            if !keep { used(text) }
            return clip
        } catch {
            let report = state.withLock { state -> Bool in
                state.failed.insert(text)
                defer { state.reportedProblem = true }
                return !state.reportedProblem
            }
            if report { problems("spoken guidance: \(error.reason); what cannot be rendered is left unsaid") }
            return nil
        }
    }

    /// One use of `text` is done; its clip leaves the cache after its last.
    private func used(_ text: String) {
        state.withLock { state in
            let left = (state.usesLeft[text] ?? 1) - 1
            state.usesLeft[text] = left
            if left <= 0, let clip = state.cache.removeValue(forKey: text) {
                state.cacheBytes -= clip.samples.count * 2
            }
        }
    }

    // MARK: Placing

    /// Renders, places, shapes and queues one request (on `speaking`).
    private func speak(_ request: Announcer.Request, serial: Int) {
        let clips = request.texts.compactMap { clip(for: $0, keep: false) }
        guard let joined = SpeechClip.joined(clips, pause: spoken.plan.pauseBetween), !joined.samples.isEmpty else {
            return
        }
        let now = clock.now()
        var start = max(request.earliest, now + spoken.plan.scheduleMargin)
        if let end = request.end { start = max(start, end - joined.duration) }
        // After any speech still sounding or queued there.
        let earlier = state.withLock { state in
            state.queued = state.queued.filter { $0.value.end > now }
            return state.queued.values.sorted { $0.start < $1.start }
        }
        for interval in earlier where interval.start < start + joined.duration && interval.end + Self.speechSpacing > start {
            start = interval.end + Self.speechSpacing
        }
        guard let shaped = joined.clip.clearingCues(cut: request.cutAt.map { $0 - start },
                                                    ducks: request.duckUnder.map { $0 - start }),
              shaped.duration >= Self.shortestSpeech else { return }
        let converted = shaped.resampled(to: output.speechSampleRate)
        let end = start + converted.duration
        // Under the lock that `follow` records cancels with: either this speech is queued
        // before a cancel is recorded (and the stream's cancel drops it), or it sees the cancel.
        state.withLock { state in
            // A cancel recorded after this request was made, at an instant the speech would
            // still be sounding: the request is stale (the announcer hands it out anew).
            guard !state.cancels.contains(where: { $0.serial > serial && $0.from < end }) else { return }
            let id = state.nextID
            state.nextID = state.nextID.next
            state.queued[id] = (start, end)
            output.schedule(clip: converted, at: start, id: id) { [weak self] onset in
                if onset == nil { self?.state.withLock { _ = $0.queued.removeValue(forKey: id) } }
            }
        }
    }
}
