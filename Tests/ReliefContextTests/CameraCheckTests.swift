import ReliefMeasure
import Testing
@testable import ReliefContext
#if canImport(Glibc)
import Glibc
#endif

/// The camera check on the real /proc: a process of this user holding a file open whose path
/// starts like the "camera" prefix is found; closing it ends the camera use. (A stand-in file
/// plays /dev/video0: no camera here, and the check only reads /proc/PID/fd links.)
@Suite struct CameraCheckTests {
    @Test func aProcessHoldingTheDeviceOpenIsFoundAndItsEndIsSeen() throws {
        guard let directory = makeTemporaryDirectory(prefix: "relief-camera") else {
            Issue.record("no temporary directory")
            return
        }
        defer { removeTree(directory) }
        let device = "\(directory)/video0"
        close(open(device, O_CREAT | O_WRONLY, 0o600))
        let check = CameraCheck(devicePrefix: "\(directory)/video")
        #expect(check.users().isEmpty)
        #expect(!check.inUse)

        // A call app: holds the device open on descriptor 3.
        let app = try ChildProcess(["sh", "-c", "exec 3<\"$0\"; exec sleep 30", device], environment: ["PATH": "/usr/bin:/bin"])
        defer { app.stop(within: 2) }
        #expect(waitUntil { check.users() == [app.pid] })
        #expect(check.inUse)
        app.kill()
        #expect(waitUntil { !check.inUse })
    }

    @Test func thisProcessDoesNotCount() throws {
        guard let directory = makeTemporaryDirectory(prefix: "relief-camera") else { return }
        defer { removeTree(directory) }
        let device = "\(directory)/video0"
        let fd = open(device, O_CREAT | O_RDONLY, 0o600)
        defer { close(fd) }
        #expect(CameraCheck(devicePrefix: "\(directory)/video").users().isEmpty)
    }
}
