/// An interface an exported object implements: its methods, properties and signals.
/// Handlers and getters run on the connection's queue.
public struct BusInterface: Sendable {
    /// The interface name, e.g. `org.mpris.MediaPlayer2.Player`.
    public var name: String
    public var methods: [BusMethod]
    public var properties: [BusProperty]
    /// Signals the object may emit (declared for introspection; emit with `emitSignal`).
    public var signals: [BusSignalDeclaration]

    public init(name: String, methods: [BusMethod] = [], properties: [BusProperty] = [],
                signals: [BusSignalDeclaration] = []) {
        self.name = name
        self.methods = methods
        self.properties = properties
        self.signals = signals
    }
}

/// A method: its input and output signatures and what it does. The handler receives the
/// arguments (already checked against `input` by sd-bus) and returns the reply's values, or
/// throws a `BusError` that becomes the error reply.
public struct BusMethod: Sendable {
    public var name: String
    public var input: String
    public var output: String
    public var handler: @Sendable ([BusValue]) throws(BusError) -> [BusValue]

    public init(_ name: String, input: String = "", output: String = "",
                handler: @escaping @Sendable ([BusValue]) throws(BusError) -> [BusValue]) {
        self.name = name
        self.input = input
        self.output = output
        self.handler = handler
    }
}

/// A property: its type, how changes are announced, its getter and (when writable) its setter.
public struct BusProperty: Sendable {
    /// How `PropertiesChanged` treats a property.
    public enum Change: Sendable {
        /// The new value is sent (the usual case).
        case emits
        /// Only the name is sent; clients read it again.
        case invalidates
        /// Never changes.
        case constant
        /// Changes without a signal (MPRIS `Position`).
        case silent
    }

    public var name: String
    public var signature: String
    public var change: Change
    public var get: @Sendable () -> BusValue
    public var set: (@Sendable (BusValue) throws(BusError) -> Void)?

    public init(_ name: String, signature: String, change: Change = .emits, get: @escaping @Sendable () -> BusValue,
                set: (@Sendable (BusValue) throws(BusError) -> Void)? = nil) {
        self.name = name
        self.signature = signature
        self.change = change
        self.get = get
        self.set = set
    }
}

/// A signal an interface declares.
public struct BusSignalDeclaration: Sendable {
    public var name: String
    public var signature: String

    public init(_ name: String, signature: String = "") {
        self.name = name
        self.signature = signature
    }
}

/// A signal received: who sent it (unique name), from which object, and its values.
public struct BusSignal: Sendable {
    public var sender: String
    public var path: String
    public var interface: String
    public var member: String
    public var values: [BusValue]
}

/// Which signals a subscription receives; nil fields match anything.
///
/// `sender` should be a unique name (`:1.42`) or nil: sd-bus filters on the client side too,
/// and on a plain dbus-daemon it cannot tell which unique name owns a well-known one.
public struct BusMatch: Sendable, Hashable {
    public var sender: String?
    public var path: String?
    public var interface: String?
    public var member: String?
    /// The first argument, when it is a string (PropertiesChanged's interface, NameOwnerChanged's name).
    public var arg0: String?

    public init(sender: String? = nil, path: String? = nil, interface: String? = nil, member: String? = nil,
                arg0: String? = nil) {
        self.sender = sender
        self.path = path
        self.interface = interface
        self.member = member
        self.arg0 = arg0
    }

    /// `org.freedesktop.DBus.Properties.PropertiesChanged` for `interface` (any sender or object unless given).
    public static func propertiesChanged(interface: String, path: String? = nil, sender: String? = nil) -> BusMatch {
        BusMatch(sender: sender, path: path, interface: "org.freedesktop.DBus.Properties", member: "PropertiesChanged",
                 arg0: interface)
    }

    /// The D-Bus match rule text.
    public var rule: String {
        var parts = ["type='signal'"]
        for (key, value) in [("sender", sender), ("path", path), ("interface", interface), ("member", member),
                             ("arg0", arg0)] {
            // Values are names and paths; a quote cannot appear in either.
            if let value { parts.append("\(key)='\(String(value.filter { $0 != "'" }))'") }
        }
        return parts.joined(separator: ",")
    }
}

/// The reply to a method call: its values and the unique name of who sent it.
public struct BusReply: Sendable {
    public var sender: String?
    public var values: [BusValue]

    public init(sender: String?, values: [BusValue]) {
        self.sender = sender
        self.values = values
    }
}

/// A method call to another service.
public struct BusMethodCall: Sendable {
    public var destination: String
    public var path: String
    public var interface: String
    public var member: String
    public var arguments: [BusValue]

    public init(destination: String, path: String, interface: String, member: String, arguments: [BusValue] = []) {
        self.destination = destination
        self.path = path
        self.interface = interface
        self.member = member
        self.arguments = arguments
    }
}
