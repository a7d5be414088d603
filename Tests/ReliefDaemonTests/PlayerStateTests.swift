import ReliefBus
import ReliefProtocol
import Testing
@testable import ReliefDaemon

/// What the MPRIS player shows for each status, and which properties a change announces.
struct PlayerStateTests {
    static let audio = Status.Audio(device: "default", ok: true, error: nil)

    static func status(_ state: String, phase: String = "hold", side: String? = "left", index: Int = 1,
                       pending: Status.Pending? = nil) -> Status {
        guard state != "idle" else {
            return Status(state: "idle", routine: nil, title: nil, step: nil, elapsed: 0, remaining: 0, duration: 0,
                          pending: pending, snooze: nil, audio: audio)
        }
        let step = Status.StepPosition(index: index, count: 3, name: "Seated twist", phase: phase, side: side, rep: 1, reps: 2)
        return Status(state: state, routine: "desk-reset", title: "Desk reset", step: step, elapsed: 40, remaining: 80,
                      duration: 120, pending: nil, snooze: nil, audio: audio, timeScale: 0.5)
    }

    @Test func aRunningSessionIsOneTrackTitledByStepPhaseAndSide() {
        let state = PlayerState(Self.status("running"))
        #expect(state.playbackStatus == "Playing")
        #expect(state.metadata["xesam:title"] == .string("Seated twist — hold, left"))
        #expect(state.metadata["xesam:album"] == .string("Desk reset"))
        #expect(state.metadata["mpris:trackid"] == .objectPath("/org/mpris/MediaPlayer2/relief/session/desk_reset"))
        #expect(state.metadata["mpris:length"] == .int64(60_000_000))  // 120 s at time scale 0.5
        #expect(state.metadata["xesam:trackNumber"] == .int32(2))
        #expect(state.value(of: "CanGoNext") == .bool(true))
    }

    @Test func phasesAndOneSidedStepsReadNaturally() {
        #expect(PlayerState(Self.status("paused", phase: "breath-pause", side: nil)).metadata["xesam:title"]
            == .string("Seated twist — breath pause"))
        #expect(PlayerState(Self.status("paused")).playbackStatus == "Paused")
    }

    @Test func idleIsStoppedWithNoTrackAndNoButtons() {
        let state = PlayerState(Self.status("idle"))
        #expect(state.playbackStatus == "Stopped")
        #expect(state.metadata == ["mpris:trackid": .objectPath(PlayerState.noTrack)])
        for name in ["CanPlay", "CanPause", "CanGoNext", "CanGoPrevious"] { #expect(state.value(of: name) == .bool(false)) }
        let pending = PlayerState(Self.status("idle", pending: Status.Pending(routine: "posture-break", startsUnix: 0)))
        #expect(pending.metadata["xesam:title"] == .string("Break — posture-break begins soon"))
    }

    @Test func onlyWhatChangedIsAnnounced() {
        let running = PlayerState(Self.status("running"))
        #expect(PlayerState(Self.status("paused")).changes(from: running) == ["PlaybackStatus"])
        #expect(PlayerState(Self.status("running", phase: "release")).changes(from: running) == ["Metadata"])
        #expect(running.changes(from: running).isEmpty)
        #expect(PlayerState(Self.status("idle")).changes(from: running) == PlayerState.propertyNames)
    }

    @Test func routineNamesBecomeObjectPathElements() {
        #expect(PlayerState.pathElement("wall-stretch") == "wall_stretch")
        #expect(PlayerState.pathElement("a1-b2") == "a1_b2")
    }
}
