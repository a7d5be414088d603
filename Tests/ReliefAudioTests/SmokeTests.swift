import Testing
@testable import ReliefAudio

@Test func moduleLoads() { #expect(Bool(true)) }
