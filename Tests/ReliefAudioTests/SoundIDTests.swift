import ReliefCue
import Testing
@testable import ReliefAudio

/// Cue ids and speech ids are different types that meet only in the mixer's id space, where
/// silencing speech from an id can never reach a cue.
@Suite struct SoundIDTests {
    @Test func speechComesAfterEveryCueInTheMixer() {
        let largestCue = CueID(SpeechID.mixerBase - 1)
        for speech in [SpeechID.safetyBriefing, .breakAnnouncement, .firstAnnouncement, SpeechID(12)] {
            #expect(speech.mixerID > largestCue.mixerID)
        }
        #expect(CueID(7).mixerID == 7)
    }

    @Test func silencingFromTheBreakAnnouncementSparesTheSafetyBriefing() {
        // Mixer.silence(idsFrom:) ends ids at or above its argument.
        let from = SpeechID.breakAnnouncement.mixerID
        #expect(SpeechID.safetyBriefing.mixerID < from)
        #expect(SpeechID.firstAnnouncement.mixerID >= from)
        #expect(SpeechID.firstAnnouncement.next.mixerID > SpeechID.firstAnnouncement.mixerID)
        #expect(SpeechID.safetyBriefing < .breakAnnouncement && .breakAnnouncement < .firstAnnouncement)
    }

    @Test func aStreamSpeaksItselfAndAPlayerWithoutSpeechHasNone() {
        let stream = CueStream(device: "null")
        #expect(stream.speech === stream)
        #expect(CuesOnly().speech == nil)
    }
}

/// A player that plays cues and nothing else.
private final class CuesOnly: CuePlayer {
    func open() {}
    func schedule(_ cue: Cue, at instant: Double, id: CueID, onset: @escaping @Sendable (Double?) -> Void) { onset(nil) }
    func cancel(from instant: Double) {}
    func close() {}
    func reloadSounds() {}
    func setOutput(device: String, volume: Double) {}
    var status: AudioStatus { AudioStatus(device: "none", ok: true) }
}
