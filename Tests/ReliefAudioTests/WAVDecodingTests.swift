import Glibc
import Testing
@testable import ReliefAudio

/// Builds WAV files in memory, the way other tools write them.
enum WAVWriter {
    enum Encoding { case u8, s16, s24, s32, f32, f64 }

    /// A WAV of `frames` (each frame: one value per channel, −1…1).
    static func make(_ frames: [[Double]], rate: Int, encoding: Encoding, extensible: Bool = false,
                     extraChunk: Bool = false, streamedSize: Bool = false) -> [UInt8] {
        let channels = frames.first?.count ?? 1
        let bits: Int, tag: UInt16
        switch encoding {
        case .u8: (bits, tag) = (8, 1)
        case .s16: (bits, tag) = (16, 1)
        case .s24: (bits, tag) = (24, 1)
        case .s32: (bits, tag) = (32, 1)
        case .f32: (bits, tag) = (32, 3)
        case .f64: (bits, tag) = (64, 3)
        }
        var data: [UInt8] = []
        for frame in frames {
            for value in frame {
                switch encoding {
                case .u8: data.append(UInt8(clamp(value * 128 + 128, 0, 255)))
                case .s16: data += le(UInt64(UInt16(bitPattern: Int16(clamp(value * 32768, -32768, 32767)))), 2)
                case .s24: data += le(UInt64(UInt32(bitPattern: Int32(clamp(value * 8_388_608, -8_388_608, 8_388_607)))), 3)
                case .s32: data += le(UInt64(UInt32(bitPattern: Int32(clamp(value * 2_147_483_648, -2_147_483_648, 2_147_483_647)))), 4)
                case .f32: data += le(UInt64(Float(value).bitPattern), 4)
                case .f64: data += le(value.bitPattern, 8)
                }
            }
        }
        let blockAlign = channels * bits / 8
        var fmt: [UInt8] = le(UInt64(extensible ? 0xFFFE : tag), 2)
        fmt += le(UInt64(channels), 2)
        fmt += le(UInt64(rate), 4)
        fmt += le(UInt64(rate * blockAlign), 4)
        fmt += le(UInt64(blockAlign), 2)
        fmt += le(UInt64(bits), 2)
        if extensible {
            fmt += le(22, 2)
            fmt += le(UInt64(bits), 2)
            fmt += le(3, 4)
            fmt += le(UInt64(tag), 2)
            fmt += [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        }
        var body: [UInt8] = Array("WAVE".utf8) + Array("fmt ".utf8) + le(UInt64(fmt.count), 4) + fmt
        if extraChunk {  // an odd-sized LIST chunk, padded, before the data
            body += Array("LIST".utf8) + le(3, 4) + [1, 2, 3, 0]
        }
        body += Array("data".utf8) + le(streamedSize ? 0xFFFF_FFFF : UInt64(data.count), 4) + data
        return Array("RIFF".utf8) + le(UInt64(body.count), 4) + body
    }

    static func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double {
        max(low, min(high, value.rounded()))
    }

    static func le(_ value: UInt64, _ bytes: Int) -> [UInt8] {
        (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }
}

@Suite struct WAVDecodingTests {
    static let ramp: [[Double]] = (0..<64).map { (i: Int) -> [Double] in
        let left = Double(i - 32) / 40
        let right = Double(32 - i) / 50
        return [left, right]
    }

    @Test(arguments: [WAVWriter.Encoding.u8, .s16, .s24, .s32, .f32, .f64])
    func decodesEveryCommonEncoding(_ encoding: WAVWriter.Encoding) throws {
        let clip = try Clip(wav: WAVWriter.make(Self.ramp, rate: 44_100, encoding: encoding))
        #expect(clip.sampleRate == 44_100)
        #expect(clip.frameCount == 64)
        let tolerance = encoding == .u8 ? 1.0 / 128 : 1.0 / 32768
        for (i, frame) in Self.ramp.enumerated() {
            #expect(abs(Double(clip.samples[2 * i]) - frame[0]) <= tolerance)
            #expect(abs(Double(clip.samples[2 * i + 1]) - frame[1]) <= tolerance)
        }
    }

    @Test func monoPlaysInBothEars() throws {
        let clip = try Clip(wav: WAVWriter.make([[0.5], [-0.25]], rate: 48_000, encoding: .s16))
        #expect(clip.samples == [0.5, 0.5, -0.25, -0.25])
    }

    @Test func moreChannelsKeepTheFrontPair() throws {
        let clip = try Clip(wav: WAVWriter.make([[0.5, -0.5, 0.9, 0.9, 0.9, 0.9]], rate: 48_000, encoding: .s16, extensible: true))
        #expect(clip.samples == [0.5, -0.5])
    }

    @Test func extensibleFloatOddChunksAndStreamedSizesAreRead() throws {
        let clip = try Clip(wav: WAVWriter.make(Self.ramp, rate: 96_000, encoding: .f32, extensible: true,
                                                extraChunk: true, streamedSize: true))
        #expect(clip.frameCount == 64)
        #expect(clip.samples[0] == Float(Self.ramp[0][0]))
    }

    @Test func resamplingKeepsDurationAndPitch() throws {
        // One second of 1 kHz at 22.05 kHz becomes one second of 1 kHz at 48 kHz.
        let frames = (0..<22_050).map { i -> [Double] in
            let v: Double = 0.5 * sin(2 * Double.pi * 1000 * Double(i) / 22_050)
            return [v, v]
        }
        let clip = try Clip(wav: WAVWriter.make(frames, rate: 22_050, encoding: .s16)).resampled(to: 48_000)
        #expect(clip.sampleRate == 48_000)
        #expect(clip.frameCount == 48_000)
        // Compare the middle with an ideal 1 kHz sine at 48 kHz (the edges taper).
        var worst: Float = 0
        for i in 1_000..<47_000 {
            let phase: Double = 2 * Double.pi * 1000 * Double(i) / 48_000
            let ideal = Float(0.5 * sin(phase))
            worst = max(worst, abs(clip.samples[2 * i] - ideal))
        }
        #expect(worst < 0.01, "resampled sine deviates by \(worst)")
    }

    @Test func downsamplingRemovesWhatCannotBeRepresented() throws {
        // 30 kHz at 96 kHz has no place at 48 kHz (Nyquist 24 kHz): it must not fold down.
        let frames = (0..<9_600).map { i -> [Double] in
            let v: Double = 0.5 * sin(2 * Double.pi * 30_000 * Double(i) / 96_000)
            return [v, v]
        }
        let clip = try Clip(wav: WAVWriter.make(frames, rate: 96_000, encoding: .f32)).resampled(to: 48_000)
        let middle = clip.samples[1_000..<8_000].map { abs($0) }.max() ?? 1
        #expect(middle < 0.05, "aliased energy \(middle)")
    }

    @Test(arguments: [
        ([UInt8](), "not a WAV file"),
        (Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVEdata\u{0}\u{0}\u{0}\u{0}".utf8), "no \"fmt \" chunk"),
        (Array(WAVWriter.make([[0.1]], rate: 48_000, encoding: .s16).prefix(36)), "no \"data\" chunk"),
    ])
    func damagedFilesSayWhatIsWrong(_ bytes: [UInt8], _ expected: String) {
        #expect(throws: WAVError.self) { try Clip(wav: bytes) }
        do {
            _ = try Clip(wav: bytes)
        } catch {
            #expect(error.reason.contains(expected), "\(error.reason)")
        }
    }

    @Test func unsupportedEncodingsNameTheFix() {
        var bytes = WAVWriter.make([[0.1]], rate: 48_000, encoding: .s16)
        bytes[20] = 2  // format tag 2: MS ADPCM
        do {
            _ = try Clip(wav: bytes)
            Issue.record("ADPCM accepted")
        } catch {
            #expect(error.reason.contains("unsupported encoding"))
            #expect(error.reason.contains("32-bit float"))
        }
    }
}
