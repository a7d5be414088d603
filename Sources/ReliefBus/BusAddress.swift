/// Where a bus is: the D-Bus address sd-bus connects to, resolved the way sd-bus does it
/// (`sd_bus_open_user` / `sd_bus_open_system`), so that we can keep connecting after it fails.
public struct BusAddress: Sendable, Equatable {
    /// Which bus.
    public enum Kind: String, Sendable {
        case session, system
    }

    /// The address text, e.g. `unix:path=/run/user/1000/bus`.
    public var text: String

    public init(_ text: String) { self.text = text }

    /// The session bus: `$DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus`; nil when
    /// neither is set (a headless login). The system bus: `$DBUS_SYSTEM_BUS_ADDRESS`, else
    /// `/run/dbus/system_bus_socket`. Empty variables count as unset.
    public static func resolve(_ kind: Kind, environment: [String: String]) -> BusAddress? {
        switch kind {
        case .session:
            if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return BusAddress(address) }
            if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
                return BusAddress("unix:path=" + escape(runtime + "/bus"))
            }
            return nil
        case .system:
            if let address = environment["DBUS_SYSTEM_BUS_ADDRESS"], !address.isEmpty { return BusAddress(address) }
            return BusAddress("unix:path=/run/dbus/system_bus_socket")
        }
    }

    /// The socket path of the first `unix:path=` entry, unescaped; nil for other transports.
    public var socketPath: String? {
        for entry in text.split(separator: ";") where entry.hasPrefix("unix:") {
            for pair in entry.dropFirst(5).split(separator: ",") where pair.hasPrefix("path=") {
                return Self.unescape(pair.dropFirst(5))
            }
        }
        return nil
    }

    /// D-Bus address escaping: every byte outside `[-0-9A-Za-z_/.\*]` as %XX.
    static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "-_/.\\*".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    static func unescape(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "%", let end = text.index(index, offsetBy: 3, limitedBy: text.endIndex),
               let byte = UInt8(text[text.index(after: index)..<end], radix: 16) {
                bytes.append(byte)
                index = end
            } else {
                bytes.append(contentsOf: Array(String(character).utf8))
                index = text.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
