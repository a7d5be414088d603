import Testing
@testable import ReliefBus

@Suite struct BusAddressTests {
    @Test func sessionBusComesFromTheEnvironmentVariableFirst() {
        let address = BusAddress.resolve(.session, environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/x", "XDG_RUNTIME_DIR": "/run/user/1"])
        #expect(address?.text == "unix:path=/tmp/x")
        #expect(address?.socketPath == "/tmp/x")
    }

    @Test func sessionBusFallsBackToTheRuntimeDirectory() {
        let address = BusAddress.resolve(.session, environment: ["DBUS_SESSION_BUS_ADDRESS": "", "XDG_RUNTIME_DIR": "/run/user/1 x"])
        #expect(address?.text == "unix:path=/run/user/1%20x/bus")
        #expect(address?.socketPath == "/run/user/1 x/bus")
    }

    @Test func noSessionBusWithoutEitherVariable() {
        #expect(BusAddress.resolve(.session, environment: [:]) == nil)
    }

    @Test func systemBusDefaultsToTheWellKnownSocket() {
        #expect(BusAddress.resolve(.system, environment: [:])?.socketPath == "/run/dbus/system_bus_socket")
        #expect(BusAddress.resolve(.system, environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/tmp/s"])?.text == "unix:path=/tmp/s")
    }

    @Test func otherTransportsHaveNoSocketPath() {
        #expect(BusAddress("tcp:host=localhost,port=1").socketPath == nil)
        #expect(BusAddress("unix:abstract=foo;unix:path=/a%2cb").socketPath == "/a,b")
    }

    @Test func signaturesDescribeContainers() {
        #expect(BusValue.namedValues(["a": .int64(1)]).signature == "a{sv}")
        #expect(BusValue.strings([]).signature == "as")
        #expect(BusValue.structure([.int32(1), .string("x")]).signature == "(is)")
        #expect(BusMatch.propertiesChanged(interface: "org.mpris.MediaPlayer2.Player").rule
            == "type='signal',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged',arg0='org.mpris.MediaPlayer2.Player'")
    }
}
