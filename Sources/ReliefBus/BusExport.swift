import CBusShim
import CSystemd
import Glibc

/// An object exported on a connection (every interface of it), on every connection to come.
/// `cancel()` takes it off the bus.
public final class BusExport: @unchecked Sendable {
    /// The object path.
    public let path: String
    let boxes: [InterfaceBox]
    /// One sd-bus table per interface; freed only after every slot using it is gone.
    let tables: [UnsafeMutablePointer<sd_bus_vtable>]
    weak var connection: BusConnection?

    init(path: String, interfaces: [BusInterface]) throws(BusError) {
        self.path = path
        boxes = interfaces.map(InterfaceBox.init)
        var tables: [UnsafeMutablePointer<sd_bus_vtable>] = []
        for interface in interfaces {
            guard let table = Self.table(for: interface) else {
                for table in tables { relief_bus_vtable_free(table) }
                throw BusError.failed("cannot build the object table for \(interface.name)")
            }
            tables.append(table)
        }
        self.tables = tables
    }

    deinit {
        for table in tables { relief_bus_vtable_free(table) }
    }

    /// Stops exporting the object (on this and later connections).
    public func cancel() {
        guard let connection else { return }
        connection.queue.async { connection.remove(self) }
    }

    private static func table(for interface: BusInterface) -> UnsafeMutablePointer<sd_bus_vtable>? {
        var members: [relief_bus_member] = []
        var strings: [UnsafeMutablePointer<CChar>] = []
        defer { for string in strings { free(string) } }
        func c(_ text: String) -> UnsafePointer<CChar> {
            let copy = strdup(text)!
            strings.append(copy)
            return UnsafePointer(copy)
        }
        for method in interface.methods {
            members.append(relief_bus_member(kind: RELIEF_BUS_METHOD, member: c(method.name), signature: c(method.input),
                                             result: c(method.output), change: RELIEF_BUS_CHANGE_NONE))
        }
        for property in interface.properties {
            let change: relief_bus_change = switch property.change {
            case .emits: RELIEF_BUS_CHANGE_EMITS
            case .invalidates: RELIEF_BUS_CHANGE_INVALIDATES
            case .constant: RELIEF_BUS_CHANGE_CONST
            case .silent: RELIEF_BUS_CHANGE_NONE
            }
            members.append(relief_bus_member(kind: property.set == nil ? RELIEF_BUS_PROPERTY : RELIEF_BUS_WRITABLE_PROPERTY,
                                             member: c(property.name), signature: c(property.signature), result: nil,
                                             change: change))
        }
        for signal in interface.signals {
            members.append(relief_bus_member(kind: RELIEF_BUS_SIGNAL, member: c(signal.name), signature: c(signal.signature),
                                             result: nil, change: RELIEF_BUS_CHANGE_NONE))
        }
        return relief_bus_vtable_new(members, members.count, methodTrampoline, propertyGetTrampoline, propertySetTrampoline)
    }
}

/// A signal subscription, renewed on every connection; `cancel()` ends it.
public final class BusSubscription: @unchecked Sendable {
    /// What it receives.
    public let match: BusMatch
    let handler: @Sendable (BusSignal) -> Void
    weak var connection: BusConnection?

    init(match: BusMatch, handler: @escaping @Sendable (BusSignal) -> Void) {
        self.match = match
        self.handler = handler
    }

    /// Stops receiving the signals.
    public func cancel() {
        guard let connection else { return }
        connection.queue.async { connection.remove(self) }
    }
}
