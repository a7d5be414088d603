import Foundation
import ReliefProtocol
import Testing
@testable import ReliefDaemon

/// What systemd shows for reliefd (`STATUS=`) and when it is told.
struct ServiceStatusTests {
    typealias Support = SystemdTestSupport

    let audio = Status.Audio(device: "default", ok: true, error: nil)

    func status(_ state: String = "idle", routine: String? = nil, step: Status.StepPosition? = nil,
                pending: Status.Pending? = nil, snooze: Status.Snooze? = nil, audio: Status.Audio? = nil) -> Status {
        Status(state: state, routine: routine, title: routine, step: step, elapsed: 0, remaining: 0, duration: 0,
               pending: pending, snooze: snooze, audio: audio ?? self.audio)
    }

    let chestOpener = Status.StepPosition(index: 1, count: 5, name: "Chest opener", phase: "hold", side: nil, rep: 1, reps: 2)

    @Test func textSaysTheStateRoutineStepSnoozeAndAudioTrouble() {
        let clock: (Double) -> String = { _ in "14:30" }
        #expect(ServiceStatus.text(status(), localTime: clock) == "idle")
        #expect(ServiceStatus.text(status("running", routine: "wall-stretch", step: chestOpener), localTime: clock)
            == "running wall-stretch: step 2/5 Chest opener")
        #expect(ServiceStatus.text(status("paused", routine: "wall-stretch", step: chestOpener), localTime: clock)
            == "paused wall-stretch: step 2/5 Chest opener")
        #expect(ServiceStatus.text(status(pending: .init(routine: "posture-break", startsUnix: 0)), localTime: clock)
            == "posture-break about to start")
        #expect(ServiceStatus.text(status(snooze: .init(untilUnix: 1, remaining: 60)), localTime: clock)
            == "idle; breaks snoozed until 14:30")
        let broken = Status.Audio(device: "hw:9", ok: false, error: "hw:9: no such device")
        #expect(ServiceStatus.text(status(audio: broken), localTime: clock) == "idle; audio: hw:9: no such device")
    }

    @Test func localClockTextIsHoursAndMinutes() {
        let text = LocalClockText.hourMinute(Date().timeIntervalSince1970)
        #expect(text.count == 5 && text.dropFirst(2).first == ":", "\(text)")
    }

    @Test func sendsReadyOnceThenOnlyChangedStatusLinesThenStopping() throws {
        let directory = try Support.temporaryDirectory()
        defer { Support.remove(directory) }
        let path = directory.appendingPathComponent("notify").path
        let receiver = try Support.boundSocket(path, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(receiver) }
        let service = ServiceStatus(notifier: SystemdNotifier(notifySocket: path))

        service.ready(status())
        #expect(try Support.receiveDatagram(receiver) == "READY=1\nSTATUS=idle")
        service.update(status())  // nothing visible changed: no datagram
        #expect(!Support.hasPendingDatagram(receiver))
        service.update(status("running", routine: "wall-stretch", step: chestOpener))
        #expect(try Support.receiveDatagram(receiver) == "STATUS=running wall-stretch: step 2/5 Chest opener")
        service.reloading()
        #expect(try Support.receiveDatagram(receiver).hasPrefix("RELOADING=1\nMONOTONIC_USEC="))
        service.stopping()
        #expect(try Support.receiveDatagram(receiver) == "STOPPING=1\nSTATUS=stopping")
    }
}
