/// Where speech is played: the session's cue stream, so speech and cues share one device
/// and one frame clock. A player offers it as `CuePlayer.speech`; tests put a recorder here.
public protocol SpeechOutput: AnyObject, Sendable {
    /// The stream's rate; speech is converted to it ahead of time, off the audio thread.
    var speechSampleRate: Int { get }
    /// Plays `clip` from monotonic `instant` on; `onset` hears once, with the instant its
    /// first frame reaches the device or nil when it did not play (cancelled, dropped).
    func schedule(clip: Clip, at instant: Double, id: SpeechID, onset: @escaping @Sendable (Double?) -> Void)
    /// Ends the speech with ids from `minimumID` on at `instant` (a short fade; as soon as
    /// possible when that has passed), whether it is sounding or still queued.
    func silence(idsFrom minimumID: SpeechID, from instant: Double)
}

extension CueStream: SpeechOutput {
    /// The rate the cue theme (and so the stream) runs at.
    public var speechSampleRate: Int { theme.sampleRate }
}
