import Glibc
import ReliefSystem

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" || text.last == "\n" { text.removeLast() }
        return String(text)
    }
}

/// A whole (small) text file, or nil.
func readText(_ path: String) -> String? {
    readBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

/// Writes `text` to `path` (created or truncated).
func writeText(_ path: String, _ text: String, mode: mode_t = 0o644) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
    guard fd >= 0 else { return }
    defer { close(fd) }
    var text = text
    text.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

/// Size of a file in bytes, or nil.
func fileSize(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
}

/// Progress for the person running `make bench` (stderr; stdout is the report).
func progress(_ text: String) {
    writeToStandardError("relief-bench: \(text)\n")
}

/// Reads a whole file as bytes; nil when it cannot be read.
func readBytes(_ path: String) -> [UInt8]? {
    try? SafeFile.read(path, limit: Int.max, what: "a bench file")
}

/// The names in a directory (no `.` and `..`), sorted; none when it cannot be read.
func listDirectory(_ path: String) -> [String] {
    (try? FileSystem.contents(ofDirectory: path)) ?? []
}

/// This executable's path.
func selfPath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
}
