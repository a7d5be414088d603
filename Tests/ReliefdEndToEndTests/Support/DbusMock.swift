import Foundation
import ReliefMeasure
#if canImport(Glibc)
import Glibc
#endif

/// A python-dbusmock service on its own private bus (a `dbus-daemon` the test starts), driven
/// with `busctl`: logind's template on a stand-in system bus, or a bare object (Mutter's
/// IdleMonitor) on a stand-in session bus. Stopped by PID; every wait bounded.
final class DbusMock {
    let bus: PrivateBus
    let name: String
    private let process: ChildProcess

    /// Whether dbus-daemon, busctl and Debian's python3 with dbusmock are installed.
    static var isAvailable: Bool {
        PrivateBus.isAvailable && isInstalled("busctl") && access("/usr/lib/python3/dist-packages/dbusmock", F_OK) == 0
    }

    /// `python3 -m dbusmock ARGUMENTS` owning `name` on a new private bus.
    init(name: String, arguments: [String]) throws {
        bus = try PrivateBus()
        self.name = name
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        // Debian's python3 (dbusmock is a Debian package), whatever python3 comes first in PATH.
        process = try ChildProcess(["/usr/bin/python3", "-m", "dbusmock"] + arguments, environment: [
            "PATH": path, "HOME": bus.directory,
            "DBUS_SYSTEM_BUS_ADDRESS": bus.address, "DBUS_SESSION_BUS_ADDRESS": bus.address,
        ], errorLog: "\(bus.directory)/dbusmock.log")
        let deadline = Date().addingTimeInterval(10)
        while (try? busctl(["status", name]))?.status != 0 {
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOfFile: "\(bus.directory)/dbusmock.log", encoding: .utf8)) ?? ""
                throw TestFailure("dbusmock \(arguments) did not take \(name): \(log)")
            }
            usleep(20_000)
        }
    }

    /// logind (its dbusmock template) with one active session `c1` of this user; `display`:
    /// it is also the user's `Display` session (otherwise found by listing the sessions).
    static func logind(display: Bool = true) throws -> DbusMock {
        let mock = try DbusMock(name: "org.freedesktop.login1", arguments: ["--system", "--template", "logind"])
        let uid = String(getuid())
        // The template's GetUser adds a number to a string (TypeError); logind answers the user's path.
        try mock.mock("/org/freedesktop/login1", "AddMethod", "sssss", "org.freedesktop.login1.Manager", "GetUser", "u", "o",
                      "ret = dbus.ObjectPath('/org/freedesktop/login1/user/%d' % args[0])")
        try mock.mock("/org/freedesktop/login1", "AddSession", "ssusb", "c1", "seat0", uid, "me", "true")
        if display {
            // Properties.Set (dbusmock's UpdateProperties cannot wrap a struct).
            let result = try mock.busctl(["set-property", mock.name, "/org/freedesktop/login1/user/\(uid)",
                                          "org.freedesktop.login1.User", "Display", "(so)", "c1", "/org/freedesktop/login1/session/c1"])
            guard result.status == 0 else { throw TestFailure("busctl set-property Display failed: \(result.errors)") }
        }
        return mock
    }

    /// Mutter's IdleMonitor answering GetIdletime with `milliseconds`.
    static func mutter(idle milliseconds: UInt64) throws -> DbusMock {
        let mock = try DbusMock(name: "org.gnome.Mutter.IdleMonitor", arguments: [
            "--session", "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor",
        ])
        try mock.setIdletime(milliseconds)
        // Watch ids as Mutter hands them out: 1 for the idle watch, 2 for the user-active one.
        try mock.mock(mutterPath, "AddMethod", "sssss", "org.gnome.Mutter.IdleMonitor", "AddIdleWatch", "t", "u", "ret = 1")
        try mock.mock(mutterPath, "AddMethod", "sssss", "org.gnome.Mutter.IdleMonitor", "AddUserActiveWatch", "", "u", "ret = 2")
        return mock
    }

    /// The Mutter IdleMonitor object.
    static let mutterPath = "/org/gnome/Mutter/IdleMonitor/Core"

    /// Mutter's WatchFired signal for watch `id`.
    func fireWatch(_ id: UInt32) throws {
        try mock(Self.mutterPath, "EmitSignal", "sssav", "org.gnome.Mutter.IdleMonitor", "WatchFired", "u", "1", "u", String(id))
    }

    /// The calls of `method` the mock has received, as busctl prints them ("" when none).
    func calls(of method: String) -> String {
        guard let result = try? busctl(["call", name, Self.mutterPath, "org.freedesktop.DBus.Mock", "GetMethodCalls", "s", method]),
              result.status == 0 else { return "" }
        return result.output.hasPrefix("a(tav) 0") ? "" : result.output
    }

    deinit {
        process.stop(within: 2)
        bus.stop()
    }

    /// Calls a method of the mock interface (org.freedesktop.DBus.Mock) on `path`.
    func mock(_ path: String, _ method: String, _ signature: String, _ arguments: String...) throws {
        let result = try busctl(["call", name, path, "org.freedesktop.DBus.Mock", method, signature] + arguments)
        guard result.status == 0 else { throw TestFailure("busctl \(method) \(arguments) failed: \(result.errors)") }
    }

    /// The session's hints, as logind would change them (PropertiesChanged is sent).
    func setSession(locked: Bool? = nil, idle: Bool? = nil, idleSinceMonotonic: Double? = nil) throws {
        var entries: [String] = []
        if let locked { entries += ["LockedHint", "b", String(locked)] }
        if let idle { entries += ["IdleHint", "b", String(idle)] }
        if let since = idleSinceMonotonic { entries += ["IdleSinceHintMonotonic", "t", String(UInt64(since * 1e6))] }
        let result = try busctl(["call", name, "/org/freedesktop/login1/session/c1", "org.freedesktop.DBus.Mock",
                                 "UpdateProperties", "sa{sv}", "org.freedesktop.login1.Session", String(entries.count / 3)] + entries)
        guard result.status == 0 else { throw TestFailure("busctl UpdateProperties failed: \(result.errors)") }
    }

    /// logind's PrepareForSleep signal.
    func prepareForSleep(_ sleeping: Bool) throws {
        try mock("/org/freedesktop/login1", "EmitSignal", "sssav", "org.freedesktop.login1.Manager", "PrepareForSleep", "b",
                 "1", "b", String(sleeping))
    }

    /// Mutter's idle time from now on.
    func setIdletime(_ milliseconds: UInt64) throws {
        try mock("/org/gnome/Mutter/IdleMonitor/Core", "AddMethod", "sssss", "org.gnome.Mutter.IdleMonitor", "GetIdletime",
                 "", "t", "ret = \(milliseconds)")
    }

    func busctl(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        try runToEnd("/usr/bin/busctl", ["--address=\(bus.address)"] + arguments, timeout: 10)
    }
}

/// CLOCK_MONOTONIC now, in seconds (reliefd's clock and logind's `…Monotonic` values).
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
