import Glibc

/// Turns an alsa-lib failure into the sentence `status` shows: what is wrong with which
/// device, and what the user can do about it.
///
/// `wasOpen` tells a device that vanished from one that never opened: alsa-lib answers ENODEV
/// for both, and "went away" misled users whose device never existed.
func describeProblem(_ error: AlsaError, device: String, wasOpen: Bool = false) -> String {
    let name = "device \"\(device)\""
    switch error.code {
    case ENOENT:
        return "\(name) not found — check --device or `aplay -L` (\(error))"
    case EBUSY:
        return "\(name) busy — another program holds it; retrying"
    case ENODEV where !wasOpen, ENXIO where !wasOpen:
        return "\(name) not found (\(error.message)) — check --device or `aplay -L`; retrying"
    case ENODEV, ENXIO:
        return "\(name) went away (\(error.message)) — reconnect it or choose another with --device; retrying"
    case ECONNREFUSED, ENOTCONN, ECONNRESET, EPIPE, EIO, EBADFD:
        return "\(name) stopped working (\(error)) — is the sound server running? retrying"
    case ETIMEDOUT:
        return "\(name) stopped taking audio (no room for 2 s) — retrying"
    case EINVAL:
        return "\(name) refused every stream format tried (\(error)) — choose another with --device"
    default:
        return "\(name) failed: \(error); retrying"
    }
}
