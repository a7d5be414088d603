/// Why a WAV file could not be used, in words that say how to fix it.
public struct WAVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. "not a WAV file (no RIFF/WAVE header)".
    public var reason: String

    /// An error with a human-readable reason.
    public init(_ reason: String) { self.reason = reason }

    /// The message as a user reads it.
    public var description: String { reason }
}

/// The encodings a WAV file may use, read from its `fmt ` chunk.
enum WAVEncoding: Equatable {
    /// Unsigned 8-bit, signed 16/24/32-bit little-endian integers.
    case integer(bits: Int)
    /// IEEE float, 32 or 64 bits.
    case float(bits: Int)
}

extension Clip {
    /// Decodes a WAV file: 8/16/24/32-bit integer or 32/64-bit float PCM (plain or
    /// WAVE_FORMAT_EXTENSIBLE), any channel count and rate, into a stereo clip at the file's
    /// own rate. Mono plays in both ears; of more channels, the first two (front left and
    /// right) are kept. Resample with `resampled(to:)`.
    public init(wav bytes: [UInt8]) throws(WAVError) {
        guard bytes.count >= 12, bytes.ascii(0, 4) == "RIFF", bytes.ascii(8, 4) == "WAVE" else {
            throw WAVError("not a WAV file (no RIFF/WAVE header)")
        }
        var format: (encoding: WAVEncoding, channels: Int, rate: Int, blockAlign: Int)?
        var data: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = bytes.ascii(offset, 4)
            let size = Int(bytes.le32(offset + 4))
            let body = offset + 8
            // A streamed WAV may carry a placeholder size: take what the file really holds.
            let end = min(bytes.count, body + size)
            switch id {
            case "fmt ": format = try Clip.readFormat(bytes, body..<end)
            case "data": data = body..<end
            default: break
            }
            if id == "data" && format != nil { break }
            offset = body + size + (size & 1)  // chunks are padded to even sizes
        }
        guard let format else { throw WAVError("no \"fmt \" chunk: the file is damaged or not PCM audio") }
        guard let data else { throw WAVError("no \"data\" chunk: the file holds no audio") }
        let frames = data.count / format.blockAlign
        guard frames > 0 else { throw WAVError("no audio frames in the \"data\" chunk") }

        var samples = [Float](repeating: 0, count: frames * 2)
        let bytesPerSample = format.blockAlign / format.channels
        for frame in 0..<frames {
            let base = data.lowerBound + frame * format.blockAlign
            let left = bytes.sample(at: base, encoding: format.encoding)
            let right = format.channels > 1
                ? bytes.sample(at: base + bytesPerSample, encoding: format.encoding) : left
            samples[2 * frame] = left
            samples[2 * frame + 1] = right
        }
        self.init(sampleRate: format.rate, samples: samples)
    }

    private static func readFormat(_ bytes: [UInt8], _ range: Range<Int>) throws(WAVError)
        -> (encoding: WAVEncoding, channels: Int, rate: Int, blockAlign: Int)
    {
        guard range.count >= 16 else { throw WAVError("\"fmt \" chunk too short (\(range.count) bytes, needs 16)") }
        let at = range.lowerBound
        var tag = Int(bytes.le16(at))
        let channels = Int(bytes.le16(at + 2))
        let rate = Int(bytes.le32(at + 4))
        let blockAlign = Int(bytes.le16(at + 12))
        let bits = Int(bytes.le16(at + 14))
        if tag == 0xFFFE {  // WAVE_FORMAT_EXTENSIBLE: the real tag opens the SubFormat GUID
            guard range.count >= 40 else { throw WAVError("WAVE_FORMAT_EXTENSIBLE \"fmt \" chunk too short") }
            tag = Int(bytes.le16(at + 24))
        }
        guard (1...32).contains(channels) else { throw WAVError("unusable channel count \(channels)") }
        guard (4000...768_000).contains(rate) else { throw WAVError("unusable sample rate \(rate) Hz (use 8000–192000)") }
        let encoding: WAVEncoding
        switch (tag, bits) {
        case (1, 8), (1, 16), (1, 24), (1, 32): encoding = .integer(bits: bits)
        case (3, 32), (3, 64): encoding = .float(bits: bits)
        default:
            let kind = tag == 1 ? "integer PCM" : tag == 3 ? "float" : "format tag 0x\(String(tag, radix: 16))"
            throw WAVError("unsupported encoding (\(kind), \(bits)-bit): use 8/16/24/32-bit integer PCM or 32-bit float")
        }
        guard blockAlign == channels * bits / 8 else {
            throw WAVError("inconsistent block size \(blockAlign) for \(channels) channels of \(bits) bits")
        }
        return (encoding, channels, rate, blockAlign)
    }
}

extension [UInt8] {
    fileprivate func ascii(_ at: Int, _ count: Int) -> String {
        String(decoding: self[at..<Swift.min(at + count, self.count)], as: UTF8.self)
    }

    fileprivate func le16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }

    fileprivate func le32(_ at: Int) -> UInt32 {
        UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3]) << 24
    }

    fileprivate func le64(_ at: Int) -> UInt64 { UInt64(le32(at)) | UInt64(le32(at + 4)) << 32 }

    /// One sample as −1…1.
    fileprivate func sample(at: Int, encoding: WAVEncoding) -> Float {
        switch encoding {
        case .integer(bits: 8): return (Float(self[at]) - 128) / 128
        case .integer(bits: 16): return Float(Int16(bitPattern: le16(at))) / 32768
        case .integer(bits: 24):
            let raw = Int32(bitPattern: UInt32(self[at]) << 8 | UInt32(self[at + 1]) << 16 | UInt32(self[at + 2]) << 24)
            return Float(raw >> 8) / 8_388_608
        case .integer: return Float(Double(Int32(bitPattern: le32(at))) / 2_147_483_648)
        case .float(bits: 32): return clamped(Double(Float(bitPattern: le32(at))))
        case .float: return clamped(Double(bitPattern: le64(at)))
        }
    }
}

/// Float files may hold values beyond full scale, or garbage (NaN): keep them playable.
private func clamped(_ value: Double) -> Float {
    value.isFinite ? Float(max(-1, min(1, value))) : 0
}
