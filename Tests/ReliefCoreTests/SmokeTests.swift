import Testing
@testable import ReliefCore

@Test func moduleLoads() { #expect(Bool(true)) }
