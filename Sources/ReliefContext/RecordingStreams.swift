/// A recording stream (a "source output") as the sound server lists it.
public struct RecordingStream: Sendable, Equatable {
    /// The source it records from.
    public var source: UInt32
    /// Whether it is corked (paused: the microphone is not being listened to).
    public var corked: Bool
    /// The server's resampler for it; `peaks` for a level meter (PA_STREAM_PEAK_DETECT).
    public var resampleMethod: String?
    /// Its `media.name` (pavucontrol's meters are "Peak detect").
    public var mediaName: String?
    /// Its `application.name`, for the log.
    public var application: String?

    /// Creates a stream description.
    public init(source: UInt32, corked: Bool = false, resampleMethod: String? = nil, mediaName: String? = nil,
                application: String? = nil) {
        self.source = source
        self.corked = corked
        self.resampleMethod = resampleMethod
        self.mediaName = mediaName
        self.application = application
    }
}

/// The rule for "a microphone is in use": a recording stream that listens to a real input.
/// Not a monitor source (recording what is played is screen recording or a visualiser, not
/// a call), not corked, and not a level meter (volume controls open one peak-detect stream
/// per source, and they would otherwise make every open mixer window a call).
public enum CallRule {
    /// Whether `stream` means a call, given the indexes of the monitor sources. A stream on a
    /// source the server did not list (it vanished between the two lists) does not count.
    public static func isCall(_ stream: RecordingStream, realInputs: Set<UInt32>) -> Bool {
        guard realInputs.contains(stream.source), !stream.corked else { return false }
        if stream.resampleMethod == "peaks" || stream.mediaName == "Peak detect" { return false }
        return true
    }

    /// The streams of `streams` that mean a call.
    public static func calls(_ streams: [RecordingStream], realInputs: Set<UInt32>) -> [RecordingStream] {
        streams.filter { isCall($0, realInputs: realInputs) }
    }
}
