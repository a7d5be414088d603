import Glibc

/// Where the control socket lives (SPEC "Socket and protocol").
public enum SocketPath {
    /// `--socket`, else `$RELIEF_SOCKET`, else `$XDG_RUNTIME_DIR/relief/control.sock`,
    /// else `/tmp/relief-$UID/control.sock`.
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let path = environment["RELIEF_SOCKET"], !path.isEmpty { return path }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            return runtime + "/relief/control.sock"
        }
        return "/tmp/relief-\(getuid())/control.sock"
    }
}
