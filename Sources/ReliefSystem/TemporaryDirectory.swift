import Glibc

/// A fresh private directory (mode 0700, `mkdtemp`) named `prefix-XXXXXX` in `base`, or
/// under `$TMPDIR` (else /tmp) when `base` is nil; nil when it cannot be created.
public func makeTemporaryDirectory(prefix: String, in base: String? = nil) -> String? {
    let base = base ?? getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
    return String(cString: made)
}
