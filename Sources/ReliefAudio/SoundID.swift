/// Which scheduled cue an onset report or a cancellation is about. The scheduler numbers
/// its cues from 0; a cue id can never be taken for speech (`SpeechID`).
public struct CueID: Hashable, Sendable, CustomStringConvertible {
    /// The scheduler's number for the cue, below 2^63.
    public let number: UInt64

    /// The cue numbered `number` (below 2^63: the mixer keeps the upper half for speech).
    public init(_ number: UInt64) {
        precondition(number < SpeechID.mixerBase, "cue ids stay below 2^63")
        self.number = number
    }

    public var description: String { "cue \(number)" }

    /// The id the mixer knows this cue by.
    var mixerID: UInt64 { number }
}

/// Which piece of speech a clip is: the safety briefing, a break announcement, or one of a
/// session's announcements. Ordered: silencing from an id (`SpeechOutput.silence`) ends it
/// and every later one, so a session's speech and the break announcement stop together
/// while a requested safety briefing plays on.
public struct SpeechID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The position in the speech order.
    public let number: UInt64

    /// Speech numbered `number`.
    public init(_ number: UInt64) {
        precondition(number < SpeechID.mixerBase, "speech ids stay below 2^63")
        self.number = number
    }

    /// The general safety notes said on request (`relief-ctl safety`).
    public static let safetyBriefing = SpeechID(0)
    /// A scheduled break's announcement.
    public static let breakAnnouncement = SpeechID(1)
    /// A session's first announcement; each next one takes the next number.
    public static let firstAnnouncement = SpeechID(2)

    /// The id after this one.
    public var next: SpeechID { SpeechID(number + 1) }

    public static func < (lhs: SpeechID, rhs: SpeechID) -> Bool { lhs.number < rhs.number }

    public var description: String { "speech \(number)" }

    /// Speech takes the upper half of the mixer's ids, in the same order.
    static let mixerBase: UInt64 = 1 << 63

    /// The id the mixer knows this speech by.
    var mixerID: UInt64 { Self.mixerBase | number }
}
