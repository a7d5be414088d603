import Glibc
import Testing
@testable import ReliefSystem

/// `SafeFile`: what a user can put at a path never hangs or floods the reader.
@Suite struct SafeFileTests {
    @Test func readsARegularFileAndRefusesWhatIsNotOne() throws {
        let directory = try #require(makeTemporaryDirectory(prefix: "relief-safefile"))
        defer { for name in ["file", "fifo", "link"] { unlink("\(directory)/\(name)") }; rmdir(directory) }
        let file = "\(directory)/file"
        let fd = open(file, O_WRONLY | O_CREAT, 0o600)
        try #require(fd >= 0)
        writeAll("hello", to: fd)
        close(fd)
        #expect(try SafeFile.read(file, limit: 64, what: "a test file") == Array("hello".utf8))

        let tooLarge = #expect(throws: FileSystemError.self) { try SafeFile.read(file, limit: 4, what: "a test file") }
        #expect(tooLarge?.code == EFBIG)
        #expect(tooLarge?.message.hasSuffix("too large for a test file") == true)
        // A FIFO would block open(2) for ever; it is refused at once.
        try #require(mkfifo("\(directory)/fifo", 0o600) == 0)
        #expect(throws: FileSystemError(message: "is not a regular file (a FIFO)", code: EINVAL)) {
            try SafeFile.read("\(directory)/fifo", limit: 64, what: "a test file")
        }
        #expect(throws: FileSystemError(message: "is a directory", code: EISDIR)) {
            try SafeFile.read(directory, limit: 64, what: "a test file")
        }
        try #require(symlink(file, "\(directory)/link") == 0)
        #expect(throws: FileSystemError(message: "is a symbolic link, which is refused here", code: ELOOP)) {
            try SafeFile.read("\(directory)/link", limit: 64, what: "a test file", followSymlinks: false)
        }
        let missing = #expect(throws: FileSystemError.self) { try SafeFile.read("\(directory)/none", limit: 64, what: "x") }
        #expect(missing?.isMissing == true)
    }

    @Test func directoryContentsAreSortedWithoutDotEntries() throws {
        let directory = try #require(makeTemporaryDirectory(prefix: "relief-listing"))
        defer { rmdir("\(directory)/b"); rmdir("\(directory)/a"); rmdir(directory) }
        mkdir("\(directory)/b", 0o700)
        mkdir("\(directory)/a", 0o700)
        #expect(try FileSystem.contents(ofDirectory: directory) == ["a", "b"])
        #expect(FileSystem.kind(of: directory) == .directory)
        #expect(FileSystem.kind(of: "\(directory)/none") == .missing)
    }
}
