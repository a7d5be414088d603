import ArgumentParser
import ReliefDaemon

// Filled in by the Daemon and control issue.
struct Reliefd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reliefd")
    func run() throws {}
}
Reliefd.main()
