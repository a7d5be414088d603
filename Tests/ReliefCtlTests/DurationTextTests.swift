import Testing
@testable import ReliefCtlKit
