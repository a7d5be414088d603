import Foundation
import Logging
import ReliefCore
import Testing
@_spi(Testing) @testable import ReliefDaemon
import ReliefMeasure

/// A reload (SIGHUP, `reload`): reliefd.toml read again and applied — break policy to the
/// scheduler, output to the player — with the command line's flags still winning.
struct ReloadTests {
    let stretch = Routine(name: "stretch", title: "Stretch", summary: "Stretch.", steps: [
        Step(name: "Reach", how: "Reach up.", prepare: 2, action: .hold(seconds: 5, countdown: 0), release: 2),
    ])

    func makeReload(config: String, overrides: DaemonConfig.Overrides = .init(),
                    in directory: TemporaryDirectory) throws -> (Reload, Scheduler, RecordingCuePlayer) {
        let path = try directory.write("reliefd.toml", config)
        let player = RecordingCuePlayer()
        let history = HistoryStore(directory: directory.path + "/state", logger: Logger(label: "test"))
        let scheduler = Scheduler(settings: Scheduler.Settings(), player: player,
                                  routines: StaticRoutineSource(routines: [stretch]), history: history,
                                  logger: Logger(label: "test"))
        let reload = Reload(scheduler: scheduler, player: player,
                            configSource: ConfigWithFlags(path: path, overrides: overrides),
                            service: ServiceStatus(notifier: SystemdNotifier(notifySocket: nil)), logger: Logger(label: "test"))
        return (reload, scheduler, player)
    }

    @Test func appliesTheFilesBreakPolicyAndOutput() throws {
        let directory = try TemporaryDirectory()
        let (reload, scheduler, player) = try makeReload(config: """
            [breaks]
            routine = "stretch"
            warning_seconds = 25
            [audio]
            device = "hw:1"
            volume = 0.5
            """, in: directory)
        let result = reload.run()
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.routines == 1)
        #expect(scheduler.currentSettings.breakRoutine == "stretch")
        #expect(scheduler.currentSettings.warningSeconds == 25)
        #expect(player.calls.contains(.setOutput(device: "hw:1", volume: 0.5)))
        #expect(player.calls.last == .reloadSounds)
    }

    @Test func flagsStillWinAfterAReload() throws {
        let directory = try TemporaryDirectory()
        let (reload, scheduler, player) = try makeReload(
            config: "[breaks]\nroutine = \"posture-break\"\nwarning_seconds = 25\n[audio]\ndevice = \"hw:1\"\n",
            overrides: .init(device: "null", breakRoutine: "stretch"), in: directory)
        _ = reload.run()
        #expect(scheduler.currentSettings.breakRoutine == "stretch")
        #expect(scheduler.currentSettings.warningSeconds == 25)
        #expect(player.calls.contains(.setOutput(device: "null", volume: 0.8)))
    }

    @Test func problemsOfTheFileAndAMissingBreakRoutineAreReported() throws {
        let directory = try TemporaryDirectory()
        let (reload, scheduler, _) = try makeReload(config: "[breaks]\nroutine = \"posture-break\"\nwarning_seconds = \"soon\"\n",
                                                    in: directory)
        let problems = reload.run().problems
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.first?.hasPrefix("\(directory.path)/reliefd.toml:3:1: breaks.warning_seconds must be a number of seconds from 0 to 300 (default 10), not a string") == true,
                "\(problems)")
        #expect(problems.last?.contains(#""posture-break" is not a routine"#) == true, "\(problems)")
        // The wrong value keeps its default.
        #expect(scheduler.currentSettings.warningSeconds == 10)
    }
}
