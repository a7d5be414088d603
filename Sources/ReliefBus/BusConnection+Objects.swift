import CSystemd
import Dispatch
import Glibc
import ReliefSystem

extension BusConnection {
    // MARK: Exporting

    /// Exports an object at `path` with `interfaces` (through `sd_bus_add_object_vtable`; sd-bus
    /// answers `Introspect`, `Properties.Get/GetAll/Set` and `Peer` from the tables).
    public func export(path: String, interfaces: [BusInterface]) throws(BusError) -> BusExport {
        let export = try BusExport(path: path, interfaces: interfaces)
        export.connection = self
        queue.async {
            self.exports[ObjectIdentifier(export)] = export
            self.setUp(export)
        }
        return export
    }

    /// Asks the bus for a well-known name (now and on every reconnection); logs when another
    /// connection has it. `onResult` (on the queue) learns each time whether we own it.
    public func requestName(_ name: String, onResult: (@Sendable (Bool) -> Void)? = nil) {
        queue.async {
            self.names.append((name, onResult))
            self.request(name, onResult)
        }
    }

    /// Sends `PropertiesChanged` for `properties` of `interface` at `path`, with their current
    /// values from the getters (names only for `.invalidates` properties). Nothing without a connection.
    public func emitPropertiesChanged(path: String, interface: String, properties: [String]) {
        queue.async {
            guard let bus = self.bus, !properties.isEmpty else { return }
            var strings = properties.map { strdup($0) } + [nil]
            let result = strings.withUnsafeMutableBufferPointer { buffer in
                sd_bus_emit_properties_changed_strv(bus, path, interface, buffer.baseAddress)
            }
            for string in strings { free(string) }
            if result < 0 {
                self.logger.debug("PropertiesChanged \(interface) \(properties): \(errnoText(-result))")
            }
            self.rearm()
        }
    }

    /// Emits a signal from `path`.
    public func emitSignal(path: String, interface: String, member: String, values: [BusValue] = []) {
        queue.async {
            guard let bus = self.bus else { return }
            var message: OpaquePointer?
            guard sd_bus_message_new_signal(bus, &message, path, interface, member) >= 0, let message else { return }
            defer { sd_bus_message_unref(message) }
            guard (try? BusMarshalling.append(values, to: message)) != nil else { return }
            _ = sd_bus_send(bus, message, nil)
            self.rearm()
        }
    }

    // MARK: Calling

    /// Calls a method on another service; `reply` runs on the queue with its values and sender,
    /// or the error (`BusError.disconnected` without a connection). `timeout` in seconds (nil: sd-bus's 25 s).
    public func call(_ call: BusMethodCall, timeout: Double? = nil,
                     reply: @escaping @Sendable (Result<BusReply, BusError>) -> Void) {
        queue.async {
            guard let bus = self.bus else { return reply(.failure(.disconnected)) }
            var message: OpaquePointer?
            let created = sd_bus_message_new_method_call(bus, &message, call.destination, call.path, call.interface, call.member)
            guard created >= 0, let message else { return reply(.failure(.errno(created, "cannot call \(call.member)"))) }
            defer { sd_bus_message_unref(message) }
            do throws(BusError) {
                try BusMarshalling.append(call.arguments, to: message)
            } catch {
                return reply(.failure(error))
            }
            let box = ReplyBox(reply)
            let pointer = box.retainedPointer()
            var slot: OpaquePointer?
            let usec = timeout.map { UInt64(max(0, $0) * 1_000_000) } ?? 0
            let sent = sd_bus_call_async(bus, &slot, message, replyTrampoline, pointer, usec)
            guard sent >= 0, let slot else {
                Unmanaged<CallbackBox>.fromOpaque(pointer).release()
                return reply(.failure(.errno(sent, "cannot call \(call.member)")))
            }
            attach(to: slot, floating: true)
            self.rearm()
        }
    }

    /// Reads one property of another service's object (`org.freedesktop.DBus.Properties.Get`).
    public func property(destination: String, path: String, interface: String, name: String, timeout: Double? = nil,
                         reply: @escaping @Sendable (Result<BusValue, BusError>) -> Void) {
        call(BusMethodCall(destination: destination, path: path, interface: "org.freedesktop.DBus.Properties",
                           member: "Get", arguments: [.string(interface), .string(name)]), timeout: timeout) { result in
            reply(result.flatMap { answer in
                guard let value = answer.values.first else { return .failure(.failed("Get \(name) returned nothing")) }
                return .success(value.unwrapped)
            })
        }
    }

    // MARK: Signals

    /// Receives the signals `match` describes on the queue, on this and every later connection.
    public func subscribe(_ match: BusMatch, handler: @escaping @Sendable (BusSignal) -> Void) -> BusSubscription {
        let subscription = BusSubscription(match: match, handler: handler)
        subscription.connection = self
        queue.async {
            self.subscriptions[ObjectIdentifier(subscription)] = subscription
            self.setUp(subscription)
        }
        return subscription
    }

    // MARK: Per connection (on queue)

    /// Everything wanted, on a fresh connection.
    func setUpEverything() {
        for export in exports.values { setUp(export) }
        for subscription in subscriptions.values { setUp(subscription) }
        for (name, onResult) in names { request(name, onResult) }
    }

    func remove(_ export: BusExport) {
        exports[ObjectIdentifier(export)] = nil
        for slot in liveSlots.removeValue(forKey: ObjectIdentifier(export)) ?? [] { sd_bus_slot_unref(slot) }
    }

    func remove(_ subscription: BusSubscription) {
        subscriptions[ObjectIdentifier(subscription)] = nil
        for slot in liveSlots.removeValue(forKey: ObjectIdentifier(subscription)) ?? [] { sd_bus_slot_unref(slot) }
        rearm()
    }

    private func setUp(_ export: BusExport) {
        guard let bus else { return }
        for (box, table) in zip(export.boxes, export.tables) {
            addSlot(for: ObjectIdentifier(export), box: box, failure: "cannot export \(box.interface.name) at \(export.path)") {
                sd_bus_add_object_vtable(bus, $0, export.path, box.interface.name, table, $1)
            }
        }
    }

    private func setUp(_ subscription: BusSubscription) {
        guard let bus else { return }
        addSlot(for: ObjectIdentifier(subscription), box: SignalBox(subscription.handler),
                failure: "cannot subscribe to \(subscription.match.rule)") {
            sd_bus_add_match_async(bus, $0, subscription.match.rule, signalTrampoline, nil, $1)
        }
        rearm()
    }

    /// Adds one sd-bus slot whose userdata is `box` (retained until sd-bus frees the slot) and
    /// keeps it under `owner`, so removing the owner unrefs it; `add` makes the slot.
    private func addSlot(for owner: ObjectIdentifier, box: CallbackBox, failure: String,
                         _ add: (UnsafeMutablePointer<OpaquePointer?>, UnsafeMutableRawPointer) -> Int32) {
        let pointer = box.retainedPointer()
        var slot: OpaquePointer?
        let result = add(&slot, pointer)
        guard result >= 0, let slot else {
            Unmanaged<CallbackBox>.fromOpaque(pointer).release()
            logger.warning("\(failure): \(errnoText(-result))")
            return
        }
        attach(to: slot, floating: false)
        liveSlots[owner, default: []].append(slot)
    }

    private func request(_ name: String, _ onResult: (@Sendable (Bool) -> Void)?) {
        guard bus != nil else { return }
        // Flags 0: fail rather than queue or replace; a second reliefd refuses to start anyway.
        call(BusMethodCall(destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus",
                           interface: "org.freedesktop.DBus", member: "RequestName",
                           arguments: [.string(name), .uint32(0)])) { [logger, kind] result in
            switch result {
            case .success(let reply) where reply.values.first?.integer == 1:
                logger.debug("\(kind.rawValue) bus: own \(name)")
                onResult?(true)
            case .success:
                logger.warning("\(kind.rawValue) bus: \(name) belongs to another program; not taking it")
                onResult?(false)
            case .failure(let error):
                logger.warning("\(kind.rawValue) bus: cannot take \(name): \(error)")
                onResult?(false)
            }
        }
    }
}
