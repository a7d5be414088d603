import Testing
@testable import ReliefDaemon

@Test func moduleLoads() { #expect(Bool(true)) }
