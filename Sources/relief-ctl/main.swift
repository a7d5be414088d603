import ArgumentParser
import ReliefProtocol

struct ReliefCtl: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "relief-ctl")
    func run() throws {}
}
ReliefCtl.main()
