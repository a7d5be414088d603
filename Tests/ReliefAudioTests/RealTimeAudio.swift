import Testing

/// The suites that play through a real sound server (PulseAudio, PipeWire) from this test
/// process. They run one at a time: their timing bounds assume a stream to themselves, and
/// several ALSA pulse plugins opening, failing and closing at once in one process once ended
/// in libpulse aborting the whole test run (a closed eventfd in `pa_fdsem`).
@Suite(.serialized) enum RealTimeAudio {}
