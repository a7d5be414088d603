// relief-ctl: everything lives in ReliefCtlKit so the tests can drive it.
import ReliefCtlKit

// The common argument-less calls skip ArgumentParser's start-up cost; see FastStart.
let arguments = Array(CommandLine.arguments.dropFirst())
FastStart.runIfPossible(arguments)
UnknownCommand.rejectIfUnknown(arguments)
ReliefCtl.main()
