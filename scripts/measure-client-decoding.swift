// Client decoding, measured (issue 11 §1: "if typed Decodable replies are as fast, JSONValue goes"):
// the same `status` reply line decoded into the typed `Status` through JSONValue (the hand-written
// parser, then Status's Decodable through JSONValue's decoder: relief-ctl's path) and through
// FoundationEssentials' JSONDecoder. Compiled as part of ReliefProtocol itself, so no package build:
//
//   swiftc -O -module-name ReliefProtocol Sources/ReliefProtocol/*.swift scripts/measure-client-decoding.swift \
//       -parse-as-library -static-stdlib -o /tmp/measure-decoding && /tmp/measure-decoding
//
// Prints the first call (what one `relief-ctl status` pays) and the mean of 20 000 calls after it.
// 2026-12-05, this 2-core machine, loaded: JSONValue first 87–91 µs then 18–21 µs; JSONDecoder
// first 292–341 µs then 20–21 µs. Not as fast on first use, so JSONValue stays the client's path.
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

@main enum MeasureClientDecoding {
    static func main() {
        func now() -> Double { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9 }

        let status = Status(state: "running", routine: "wall-stretch", title: "Wall stretch",
            step: .init(index: 1, count: 3, name: "Wall slide", phase: "hold", side: "left", rep: 1, reps: 3, phaseRemaining: 17.2),
            elapsed: 42.6, remaining: 128.4, duration: 171, pending: nil, snooze: .init(untilUnix: 1763735340, remaining: 1740),
            audio: .init(device: "default", ok: true, error: nil), timeScale: 1, media: .init(active: true, error: nil, pauseOthers: true),
            checks: ["in-call", "away", "natural-breaks", "sleep"], history: .init(ok: true, error: nil))
        var bytes = try! Wire.line(Reply(status)); bytes.removeLast()
        let line = String(decoding: bytes, as: UTF8.self)

        func viaJSONValue() -> Status { try! JSONValue.parse(line).decode(Status.self) }
        func viaJSONDecoder() -> Status { try! JSONDecoder().decode(Reply<Status>.self, from: Data(line.utf8)).body }

        for (name, f) in [("JSONValue", viaJSONValue), ("JSONDecoder", viaJSONDecoder)] as [(String, () -> Status)] {
            let t0 = now(); let first = f(); let t1 = now()
            precondition(first == status)
            let n = 20_000
            let t2 = now(); for _ in 0..<n { _ = f() }; let t3 = now()
            print("\(name): first call \(Int((t1 - t0) * 1e6)) µs, then \(((t3 - t2) / Double(n) * 1e7).rounded() / 10) µs per decode (\(line.utf8.count)-byte status line)")
        }
    }
}
