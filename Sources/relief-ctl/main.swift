// relief-ctl: everything lives in ReliefCtlKit so the tests can drive it.
import ReliefCtlKit

// The common argument-less calls skip ArgumentParser's start-up cost; see FastStart.
FastStart.runIfPossible(Array(CommandLine.arguments.dropFirst()))
ReliefCtl.main()
