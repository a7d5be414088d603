import Testing
@testable import ReliefProtocol

private func decode(_ text: String) throws(ProtocolError) -> Request {
    try Wire.request(from: Array(text.utf8))
}

private func refusal(_ text: String) -> ProtocolError? {
    do {
        _ = try decode(text)
        return nil
    } catch {
        return error
    }
}

@Test func everyCommandDecodesWithItsArguments() throws {
    #expect(try decode(#"{"cmd":"ping"}"#) == .ping)
    #expect(try decode(#"{"cmd":"list"}"#) == .list)
    #expect(try decode(#"{"cmd":"show","routine":"wall-stretch"}"#) == .show(routine: "wall-stretch"))
    #expect(try decode(#"{"cmd":"start","routine":"wall-stretch"}"#) == .start(routine: "wall-stretch", scheduled: false))
    #expect(try decode(#"{"cmd":"start","scheduled":true}"#) == .start(routine: nil, scheduled: true))
    #expect(try decode(#"{"cmd":"start","routine":"posture-break","scheduled":true}"#) == .start(routine: "posture-break", scheduled: true))
    for (name, request) in [("stop", Request.stop), ("pause", .pause), ("resume", .resume), ("toggle", .toggle),
                            ("skip", .skip), ("back", .back), ("status", .status), ("subscribe", .subscribe),
                            ("reload", .reload)] {
        #expect(try decode("{\"cmd\":\"\(name)\"}") == request)
    }
    #expect(try decode(#"{"cmd":"extend"}"#) == .extend(seconds: 10))
    #expect(try decode(#"{"cmd":"extend","seconds":2.5}"#) == .extend(seconds: 2.5))
    #expect(try decode(#"{"cmd":"cue","cue":"switch-side"}"#) == .cue("switch-side"))
    #expect(try decode(#"{"cmd":"history"}"#) == .history(days: 7))
    #expect(try decode(#"{"cmd":"history","days":30}"#) == .history(days: 30))
    // The client's zone, so the summary's days are the listing's days.
    #expect(try decode(#"{"cmd":"history","days":30,"utc_offset":-36000}"#) == .history(days: 30, utcOffset: -36000))
    #expect(throws: ProtocolError.self) { try decode(#"{"cmd":"history","utc_offset":1e9}"#) }
    #expect(try decode(#"{"cmd":"snooze","seconds":0}"#) == .snooze(seconds: 0))
    #expect(try decode(#"{"cmd":"snooze","seconds":1800}"#) == .snooze(seconds: 1800))
}

@Test func extraKeysNullsAndCRLFAreTolerated() throws {
    #expect(try decode(#"{"cmd":"ping","client":"x","n":[1,2]}"#) == .ping)
    #expect(try decode(#"{"cmd":"extend","seconds":null}"#) == .extend(seconds: 10))
    #expect(try decode("{\"cmd\":\"status\"}\r") == .status)
    #expect(try decode(#"  {"seconds":5,"cmd":"extend"}  "#) == .extend(seconds: 5))
}

@Test func unknownCommandsListTheValidOnes() {
    let error = refusal(#"{"cmd":"dance"}"#)
    #expect(error?.code == .unknownCommand)
    #expect(error?.message.contains("dance") == true)
    #expect(error?.message.contains("subscribe") == true)
}

@Test func badRequestsNameTheKeyAndWhatIsValid() {
    let cases: [(String, String)] = [
        (#"{"routine":"x"}"#, "\"cmd\""),
        (#"{"cmd":3}"#, "\"cmd\""),
        (#"{"cmd":"show"}"#, "\"routine\""),
        (#"{"cmd":"show","routine":7}"#, "\"routine\""),
        (#"{"cmd":"show","routine":""}"#, "\"routine\""),
        (#"{"cmd":"start"}"#, "\"routine\""),
        (#"{"cmd":"start","routine":"a","scheduled":"yes"}"#, "\"scheduled\""),
        (#"{"cmd":"extend","seconds":0}"#, "1 ≤ seconds"),
        (#"{"cmd":"extend","seconds":5e-324}"#, "1 ≤ seconds"),
        (#"{"cmd":"extend","seconds":601}"#, "601"),
        (#"{"cmd":"extend","seconds":"5"}"#, "\"seconds\""),
        (#"{"cmd":"cue"}"#, "\"cue\""),
        (#"{"cmd":"cue","cue":1}"#, "\"cue\""),
        (#"{"cmd":"history","days":0}"#, "1 to 3650"),
        (#"{"cmd":"history","days":2.5}"#, "whole number"),
        (#"{"cmd":"history","days":4000}"#, "4000"),
        (#"{"cmd":"snooze"}"#, "\"seconds\""),
        (#"{"cmd":"snooze","seconds":-1}"#, "-1"),
        (#"{"cmd":"snooze","seconds":86401}"#, "86400"),
    ]
    for (line, mention) in cases {
        let error = refusal(line)
        #expect(error?.code == .badRequest, "\(line)")
        #expect(error?.message.contains(mention) == true, "\(line): \(error?.message ?? "accepted")")
    }
}

@Test func malformedLinesAreBadRequests() {
    for line in ["", "   ", "{", "not json", "[1,2]", "\"ping\"", "null", "{\"cmd\":\"ping\"} trailing"] {
        #expect(refusal(line)?.code == .badRequest, "\(line)")
    }
    let garbage: [UInt8] = [0xFF, 0xFE, 0x00, 0x7B, 0x80, 0xC3]
    do {
        _ = try Wire.request(from: garbage)
        Issue.record("binary garbage was accepted")
    } catch {
        #expect(error.code == .badRequest)
        #expect(error.message.contains("UTF-8"))
    }
}

@Test func requestsRoundTripThroughTheirEncoding() throws {
    let requests: [Request] = [
        .ping, .list, .show(routine: "a"), .start(routine: "a", scheduled: false), .start(routine: nil, scheduled: true),
        .stop, .pause, .resume, .toggle, .skip, .back, .extend(seconds: 12.5), .status, .subscribe,
        .cue("hold"), .history(days: 3), .snooze(seconds: 60), .reload,
    ]
    #expect(requests.map(\.command) == Request.commandNames.flatMap { name in
        requests.filter { $0.command == name }.map(\.command)
    })
    for request in requests {
        var line = try Wire.line(request)
        #expect(line.removeLast() == UInt8(ascii: "\n"))
        #expect(try Wire.request(from: line) == request)
    }
}
