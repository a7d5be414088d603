import Glibc

/// Writes all of `text` to `descriptor` with `write(2)` (no buffering, no Foundation, no C
/// `stdout`/`stderr` globals, which are not concurrency-safe). A closed pipe or a full disk
/// ends the write: there is nothing sensible left to report it to.
public func writeAll(_ text: String, to descriptor: Int32) {
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Writes `text` as it is to standard error: the messages a process prints before it
/// exits, or while its logger is not set up yet.
public func writeToStandardError(_ text: String) {
    writeAll(text, to: STDERR_FILENO)
}
