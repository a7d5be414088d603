// libFuzzer entry point for the control protocol's request decoder. `make bench` (relief-bench)
// compiles it together with Sources/ReliefProtocol/*.swift as one module, over ReliefSystem:
//   swiftc -sanitize=fuzzer -O -wmo -parse-as-library -module-name ReliefSystem -emit-module \
//     -emit-module-path ReliefSystem.swiftmodule -emit-library -static -o libReliefSystem.a Sources/ReliefSystem/*.swift
//   swiftc -sanitize=fuzzer -O -parse-as-library -module-name ReliefProtocol -I . -L . -lReliefSystem \
//     Sources/ReliefProtocol/*.swift scripts/fuzz/request-decoder.swift -o fuzz-request
// and runs it for a bounded time. Any input must give a request or a ProtocolError, never a
// crash; libFuzzer stops and saves the input (crash-*) if one does.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestDecoder(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = try? Wire.request(from: UnsafeBufferPointer(start: data, count: count))
    return 0
}
