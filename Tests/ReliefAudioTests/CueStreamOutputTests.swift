import Testing
@testable import ReliefAudio

/// Changing the output at run time (reliefd.toml reloaded), without opening any device.
struct CueStreamOutputTests {
    @Test func setOutputChangesDeviceAndVolumeForWhatComesNext() {
        let stream = CueStream(device: "null", volume: 0.8)
        #expect(stream.device == "null")
        #expect(stream.volume == 0.8)
        stream.setOutput(device: "hw:7", volume: 0.25)
        #expect(stream.device == "hw:7")
        #expect(stream.volume == 0.25)
        // Idle, the status names the device the next session will try.
        #expect(stream.status.device == "hw:7")
        #expect(stream.status.ok)
    }

    @Test func outOfRangeVolumesAreClamped() {
        let stream = CueStream(device: "null")
        stream.setOutput(device: "null", volume: 3)
        #expect(stream.volume == 1)
        stream.setOutput(device: "null", volume: -1)
        #expect(stream.volume == 0)
        stream.setOutput(device: "null", volume: .nan)
        #expect(stream.volume == 1)
    }
}
