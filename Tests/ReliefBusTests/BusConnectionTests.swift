import Dispatch
import Glibc
import ReliefMeasure
import Testing
@testable import ReliefBus

/// ReliefBus against a real dbus-daemon started by each test, with busctl (another D-Bus
/// implementation) as a second opinion.
@Suite(.serialized) struct BusConnectionTests {
    /// A service exporting `/test` (`org.relief.Test`: Echo, Fail, a Count property) as `org.relief.Test`.
    final class Service: @unchecked Sendable {
        let connection: BusConnection
        let count = Box<Int32>(1)
        var export: BusExport?

        init(address: String) throws {
            connection = BusConnection(.session, queue: DispatchQueue(label: "service"),
                                       environment: ["DBUS_SESSION_BUS_ADDRESS": address], logger: testLogger)
            let count = self.count
            export = try connection.export(path: "/test", interfaces: [BusInterface(
                name: "org.relief.Test",
                methods: [
                    BusMethod("Echo", input: "s", output: "s") { arguments in arguments },
                    BusMethod("Fail") { _ throws(BusError) in throw BusError.notSupported("no such luck") },
                ],
                properties: [
                    BusProperty("Count", signature: "i") { .int32(count.current) },
                    BusProperty("Info", signature: "a{sv}", change: .constant) {
                        .namedValues(["title": .string("Seated twist"), "length": .int64(30_000_000)])
                    },
                ],
                signals: [BusSignalDeclaration("Poked", signature: "s")])])
            connection.requestName("org.relief.Test")
            connection.start()
        }
    }

    static func client(_ address: String) -> BusConnection {
        let client = BusConnection(.session, queue: DispatchQueue(label: "client"),
                                   environment: ["DBUS_SESSION_BUS_ADDRESS": address], logger: testLogger)
        client.start()
        return client
    }

    @Test func exportedMethodsAndPropertiesAnswerBusctlAndOurOwnCalls() throws {
        let bus = try PrivateBus()
        let service = try Service(address: bus.address)
        #expect(eventually { service.connection.isConnected })
        // busctl, another implementation, sees the name, calls the method and reads the properties.
        var echoed = (status: "", output: "")
        #expect(eventually {
            echoed = (try? run(["busctl", "--address=\(bus.address)", "call", "org.relief.Test", "/test", "org.relief.Test",
                                "Echo", "s", "hello"])) ?? ("", "")
            return echoed.status == "exit 0"
        })
        #expect(echoed.output == "s \"hello\"\n")
        let info = try run(["busctl", "--address=\(bus.address)", "get-property", "org.relief.Test", "/test",
                            "org.relief.Test", "Info"])
        #expect(info.output.contains("\"title\" s \"Seated twist\""))
        #expect(info.output.contains("\"length\" x 30000000"))
        let failed = try run(["busctl", "--address=\(bus.address)", "call", "org.relief.Test", "/test", "org.relief.Test", "Fail"])
        #expect(failed.status == "exit 1")

        // Our own client: a call, an error reply, a property.
        let client = Self.client(bus.address)
        let replies = Box<[String]>([])
        client.call(BusMethodCall(destination: "org.relief.Test", path: "/test", interface: "org.relief.Test",
                                  member: "Echo", arguments: [.string("über")])) { result in
            replies.update { $0.append((try? result.get().values.first?.text) ?? "error") }
        }
        client.call(BusMethodCall(destination: "org.relief.Test", path: "/test", interface: "org.relief.Test",
                                  member: "Fail")) { result in
            if case .failure(let error) = result { replies.update { $0.append(error.name) } }
        }
        client.property(destination: "org.relief.Test", path: "/test", interface: "org.relief.Test", name: "Info") { result in
            replies.update { $0.append((try? result.get().namedValues?["title"]?.text) ?? "error") }
        }
        #expect(eventually { replies.current.count == 3 })
        #expect(replies.current == ["über", "org.freedesktop.DBus.Error.NotSupported", "Seated twist"])
    }

    @Test func subscribersReceivePropertiesChangedAndSignals() throws {
        let bus = try PrivateBus()
        let service = try Service(address: bus.address)
        let client = Self.client(bus.address)
        let seen = Box<[String]>([])
        let changes = client.subscribe(.propertiesChanged(interface: "org.relief.Test")) { signal in
            let changed = signal.values.dropFirst().first?.namedValues ?? [:]
            seen.update { $0.append("changed Count=\(changed["Count"]?.integer ?? -1) from \(signal.path)") }
        }
        let pokes = client.subscribe(BusMatch(interface: "org.relief.Test", member: "Poked")) { signal in
            seen.update { $0.append("poked \(signal.values.first?.text ?? "")") }
        }
        #expect(eventually { service.connection.isConnected && client.isConnected })
        // The match is added asynchronously: a round trip to the bus after it makes sure it is in place.
        let roundTrip = Box(false)
        client.call(BusMethodCall(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus",
                                  interface: "org.freedesktop.DBus", member: "GetId")) { _ in roundTrip.update { $0 = true } }
        #expect(eventually { roundTrip.current })
        service.count.update { $0 = 2 }
        service.connection.emitPropertiesChanged(path: "/test", interface: "org.relief.Test", properties: ["Count"])
        service.connection.emitSignal(path: "/test", interface: "org.relief.Test", member: "Poked", values: [.string("there")])
        #expect(eventually { seen.current.count == 2 })
        #expect(seen.current == ["changed Count=2 from /test", "poked there"])
        changes.cancel()
        pokes.cancel()
    }

    @Test func reconnectsAndExportsAgainWhenTheBusComesBack() throws {
        let bus = try PrivateBus()
        let service = try Service(address: bus.address)
        let states = Box<[BusConnection.State]>([])
        service.connection.onStateChange { state in states.update { $0.append(state) } }
        #expect(eventually { service.connection.isConnected })
        bus.shutDown()
        #expect(eventually { !service.connection.isConnected })
        // A new bus on the same socket path: sd-bus notices the socket (inotify) and reconnects.
        let again = try PrivateBus(directory: bus.directory)
        #expect(eventually { service.connection.isConnected })
        var echoed = (status: "", output: "")
        #expect(eventually {
            echoed = (try? run(["busctl", "--address=\(again.address)", "call", "org.relief.Test", "/test", "org.relief.Test",
                                "Echo", "s", "back"])) ?? ("", "")
            return echoed.status == "exit 0"
        })
        #expect(echoed.output == "s \"back\"\n")
        #expect(states.current.suffix(2) == [.waiting, .connected])
    }

    @Test func connectsWhenTheBusAppearsAfterTheStart() throws {
        guard let directory = makeTemporaryDirectory(prefix: "relief-late-bus") else { return }
        defer { removeTree(directory) }
        let service = try Service(address: "unix:path=\(directory)/bus")
        usleep(50_000)
        #expect(!service.connection.isConnected)
        let bus = try PrivateBus(directory: directory)
        #expect(eventually { service.connection.isConnected })
        var echoed = (status: "", output: "")
        #expect(eventually {
            echoed = (try? run(["busctl", "--address=\(bus.address)", "call", "org.relief.Test", "/test", "org.relief.Test",
                                "Echo", "s", "late"])) ?? ("", "")
            return echoed.status == "exit 0"
        })
        #expect(echoed.output == "s \"late\"\n")
    }

    @Test func withoutABusNothingConnectsAndCallsFailAtOnce() throws {
        let connection = BusConnection(.session, queue: DispatchQueue(label: "none"), environment: [:], logger: testLogger)
        connection.start()
        let reply = Box<BusError?>(nil)
        connection.call(BusMethodCall(destination: "org.relief.Test", path: "/test", interface: "org.relief.Test",
                                      member: "Echo", arguments: [.string("x")])) { result in
            if case .failure(let error) = result { reply.update { $0 = error } }
        }
        #expect(eventually { reply.current != nil })
        #expect(reply.current == .disconnected)
        #expect(!connection.isConnected)
    }
}
