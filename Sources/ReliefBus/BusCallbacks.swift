import CSystemd
import Glibc

/// What sd-bus hands back to a callback as `userdata`: retained when given to sd-bus and
/// released by the slot's destroy callback, so it lives exactly as long as the slot.
class CallbackBox {
    /// Passes a +1 reference for a slot; `releaseCallbackBox` gives it back.
    func retainedPointer() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> Self? {
        guard let pointer else { return nil }
        return Unmanaged<CallbackBox>.fromOpaque(pointer).takeUnretainedValue() as? Self
    }
}

/// `sd_bus_destroy_t` for every slot we create.
let releaseCallbackBox: sd_bus_destroy_t = { pointer in
    guard let pointer else { return }
    Unmanaged<CallbackBox>.fromOpaque(pointer).release()
}

/// Makes `slot` release its box when it is freed. When `floating`, the bus owns the
/// slot from now on (one-shot calls); otherwise the caller keeps and unrefs it.
func attach(to slot: OpaquePointer, floating: Bool) {
    _ = sd_bus_slot_set_destroy_callback(slot, releaseCallbackBox)
    if floating {
        _ = sd_bus_slot_set_floating(slot, 1)
        sd_bus_slot_unref(slot)
    }
}

/// One interface of an exported object, as its table's userdata.
final class InterfaceBox: CallbackBox {
    let interface: BusInterface
    let methods: [String: BusMethod]
    let properties: [String: BusProperty]

    init(_ interface: BusInterface) {
        self.interface = interface
        methods = Dictionary(interface.methods.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        properties = Dictionary(interface.properties.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A pending method call's reply handler.
final class ReplyBox: CallbackBox {
    let reply: @Sendable (Result<BusReply, BusError>) -> Void
    init(_ reply: @escaping @Sendable (Result<BusReply, BusError>) -> Void) { self.reply = reply }
}

/// A signal subscription's handler.
final class SignalBox: CallbackBox {
    let handler: @Sendable (BusSignal) -> Void
    init(_ handler: @escaping @Sendable (BusSignal) -> Void) { self.handler = handler }
}

private func text(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }

/// Sets `error` from a `BusError` and returns the negative code sd-bus expects of a failed handler.
private func fail(_ error: UnsafeMutablePointer<sd_bus_error>?, _ busError: BusError) -> Int32 {
    busError.name.withCString { name in busError.message.withCString { message in sd_bus_error_set(error, name, message) } }
}

/// Every exported method: finds it by member name, runs its handler, sends the reply.
let methodTrampoline: sd_bus_message_handler_t = { message, userdata, replyError in
    guard let message, let box = InterfaceBox.from(userdata) else { return -EINVAL }
    let member = text(sd_bus_message_get_member(message))
    guard let method = box.methods[member] else {
        return fail(replyError, BusError(name: "org.freedesktop.DBus.Error.UnknownMethod", message: "no method \(member)"))
    }
    do throws(BusError) {
        let values = try method.handler(try BusMarshalling.readAll(message))
        var reply: OpaquePointer?
        let created = sd_bus_message_new_method_return(message, &reply)
        guard created >= 0, let reply else { return created }
        defer { sd_bus_message_unref(reply) }
        try BusMarshalling.append(values, to: reply)
        return sd_bus_send(sd_bus_message_get_bus(message), reply, nil)
    } catch {
        return fail(replyError, error)
    }
}

/// Every exported property's getter: appends its current value to the reply.
let propertyGetTrampoline: sd_bus_property_get_t = { _, _, _, property, reply, userdata, replyError in
    guard let reply, let box = InterfaceBox.from(userdata), let property = box.properties[text(property)] else {
        return -EINVAL
    }
    do throws(BusError) {
        try BusMarshalling.append(property.get(), to: reply)
        return 1
    } catch {
        return fail(replyError, error)
    }
}

/// Every writable property's setter.
let propertySetTrampoline: sd_bus_property_set_t = { _, _, _, property, value, userdata, replyError in
    guard let value, let box = InterfaceBox.from(userdata), let property = box.properties[text(property)],
          let set = property.set else { return -EINVAL }
    do throws(BusError) {
        guard let newValue = try BusMarshalling.readNext(value) else {
            throw BusError.invalidArguments("no value for \(property.name)")
        }
        try set(newValue)
        return 1
    } catch {
        return fail(replyError, error)
    }
}

/// Replies to our method calls.
let replyTrampoline: sd_bus_message_handler_t = { message, userdata, _ in
    guard let message, let box = ReplyBox.from(userdata) else { return 0 }
    if sd_bus_message_is_method_error(message, nil) > 0, let error = sd_bus_message_get_error(message) {
        box.reply(.failure(BusError(error)))
        return 1
    }
    do throws(BusError) {
        let values = try BusMarshalling.readAll(message)
        box.reply(.success(BusReply(sender: sd_bus_message_get_sender(message).map { String(cString: $0) },
                                    values: values)))
    } catch {
        box.reply(.failure(error))
    }
    return 1
}

/// Signals matching a subscription.
let signalTrampoline: sd_bus_message_handler_t = { message, userdata, _ in
    guard let message, let box = SignalBox.from(userdata) else { return 0 }
    guard let values = try? BusMarshalling.readAll(message) else { return 0 }
    box.handler(BusSignal(sender: text(sd_bus_message_get_sender(message)), path: text(sd_bus_message_get_path(message)),
                          interface: text(sd_bus_message_get_interface(message)),
                          member: text(sd_bus_message_get_member(message)), values: values))
    return 0  // let other subscriptions see it too
}
