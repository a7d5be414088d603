import Glibc

/// Starts a detached POSIX thread running `body`; false when the system refuses one.
///
/// The stream needs a thread of its own (alsa-lib handles are not Sendable and its waits
/// block); a pthread rather than a Dispatch queue, so no pool thread is tied up for a
/// whole session.
func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
    final class Box: @unchecked Sendable {  // handed over once, to the new thread
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(&thread, nil, { argument in
        let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    guard result == 0 else {
        Unmanaged<Box>.fromOpaque(box).release()
        return false
    }
    pthread_detach(thread)
    return true
}

/// Asks for real-time scheduling (SCHED_FIFO, a modest priority) for the calling thread,
/// as audio programs do, so a busy machine does not starve the stream into underruns.
/// Allowed for root and for users with an RLIMIT_RTPRIO; otherwise the thread keeps normal
/// scheduling, which works, with more underruns under heavy load. The thread only ever
/// sleeps in poll or on a semaphore between periods, so it cannot hog a CPU.
func raiseThreadPriority() {
    var parameters = sched_param()
    parameters.sched_priority = 10
    _ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
}
