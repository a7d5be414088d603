import CSystemd
import Glibc
import ReliefSystem

/// A D-Bus error: its name (`org.freedesktop.DBus.Error.ServiceUnknown`, …) and message.
/// Method handlers throw it to reply with an error; calls that fail deliver it.
public struct BusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The D-Bus error name.
    public var name: String
    /// What went wrong, for people.
    public var message: String

    public init(name: String, message: String) {
        self.name = name
        self.message = message
    }

    /// `org.freedesktop.DBus.Error.Failed`.
    public static func failed(_ message: String) -> BusError {
        BusError(name: "org.freedesktop.DBus.Error.Failed", message: message)
    }

    /// `org.freedesktop.DBus.Error.NotSupported`.
    public static func notSupported(_ message: String) -> BusError {
        BusError(name: "org.freedesktop.DBus.Error.NotSupported", message: message)
    }

    /// `org.freedesktop.DBus.Error.InvalidArgs`.
    public static func invalidArguments(_ message: String) -> BusError {
        BusError(name: "org.freedesktop.DBus.Error.InvalidArgs", message: message)
    }

    /// There is no connection to the bus right now.
    public static let disconnected = BusError(name: "org.freedesktop.DBus.Error.Disconnected",
                                              message: "not connected to the bus")

    /// An sd-bus call returned `-errno`.
    static func errno(_ code: Int32, _ what: String) -> BusError {
        BusError(name: "org.freedesktop.DBus.Error.Failed", message: "\(what): \(errnoText(-code))")
    }

    /// The error a reply message carries.
    init(_ error: UnsafePointer<sd_bus_error>) {
        name = error.pointee.name.map { String(cString: $0) } ?? "org.freedesktop.DBus.Error.Failed"
        message = error.pointee.message.map { String(cString: $0) } ?? ""
    }

    public var description: String { message.isEmpty ? name : "\(name): \(message)" }
}
