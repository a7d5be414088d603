import Testing
@testable import ReliefContext

/// Which recording streams mean a call, as values.
@Suite struct CallRuleTests {
    let inputs: Set<UInt32> = [1]  // source 1 is a microphone; 0 is a sink's monitor

    @Test func aStreamOnAMicrophoneIsACall() {
        #expect(CallRule.isCall(RecordingStream(source: 1, resampleMethod: "speex-float-1"), realInputs: inputs))
    }

    @Test func recordingAMonitorIsNoCall() {
        #expect(!CallRule.isCall(RecordingStream(source: 0), realInputs: inputs))
    }

    @Test func aCorkedStreamIsNoCall() {
        #expect(!CallRule.isCall(RecordingStream(source: 1, corked: true), realInputs: inputs))
    }

    @Test func levelMetersAreNoCall() {
        #expect(!CallRule.isCall(RecordingStream(source: 1, resampleMethod: "peaks"), realInputs: inputs))
        #expect(!CallRule.isCall(RecordingStream(source: 1, mediaName: "Peak detect"), realInputs: inputs))
    }

    @Test func onlyCallsAreKept() {
        let streams = [RecordingStream(source: 0), RecordingStream(source: 1, application: "Firefox"),
                       RecordingStream(source: 1, resampleMethod: "peaks")]
        #expect(CallRule.calls(streams, realInputs: inputs).map(\.application) == ["Firefox"])
    }
}
