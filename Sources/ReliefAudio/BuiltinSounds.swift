import ReliefSounds

/// The default cue theme linked into the binary (Sounds/: one WAV per cue, made by
/// `make-sounds.sh`, embedded by `sounds.S`).
public enum BuiltinSounds {
    /// The names of every built-in cue, in SPEC order.
    public static let names: [String] = (0..<relief_sound_count()).compactMap { index in
        relief_sound_name(index).map { String(cString: $0) }
    }

    /// The bytes of the built-in WAV file for the cue `name`, or nil for an unknown name.
    public static func wav(named name: String) -> [UInt8]? {
        var size = 0
        guard let start = relief_sound_wav(name, &size) else { return nil }
        return Array(UnsafeBufferPointer(start: start, count: size))
    }
}
