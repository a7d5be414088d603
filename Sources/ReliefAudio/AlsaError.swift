import CAlsa

/// A failed alsa-lib call: which function, its error code and `snd_strerror`'s text.
///
/// Every alsa-lib call in ReliefAudio goes through `alsa(_:_:)`, so error handling lives in
/// one place and every failure names the call that produced it.
public struct AlsaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The alsa-lib function that failed, e.g. `snd_pcm_open`.
    public var call: String
    /// The positive errno value (alsa-lib returns its negation).
    public var code: Int32
    /// `snd_strerror(-code)`, e.g. "No such file or directory".
    public var message: String

    /// Builds an error from a negative alsa-lib return value.
    public init(call: String, returned value: Int) {
        self.call = call
        self.code = Int32(clamping: -value)
        self.message = String(cString: snd_strerror(Int32(clamping: value)))
    }

    /// The message as a user reads it.
    public var description: String { "\(call): \(message)" }
}

/// Calls an alsa-lib function and turns a negative return into `AlsaError`.
///
/// Generic over the return type because alsa-lib returns `int` for most calls and
/// `snd_pcm_sframes_t` (a `long`) for reads, writes and avail.
@discardableResult
func alsa<R: BinaryInteger>(_ call: String, _ body: () -> R) throws(AlsaError) -> R {
    let result = body()
    if result < 0 { throw AlsaError(call: call, returned: Int(result)) }
    return result
}
