// swift-tools-version:6.0
// relief — guided stretching and posture sessions by sound alone.
// Modules follow SPEC "Layout": routine file → timeline → scheduler → audio stream,
// with the control socket beside the scheduler.
import PackageDescription

let package = Package(
    name: "relief",
    products: [
        .executable(name: "reliefd", targets: ["reliefd"]),
        .executable(name: "relief-ctl", targets: ["relief-ctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // Wire types, socket path resolution and a small blocking client.
        .target(name: "ReliefProtocol"),
        // Routines, validation, built-in library, timeline compiler, session state machine.
        .target(
            name: "ReliefCore",
            dependencies: ["ReliefProtocol", "TOMLKit"],
            resources: [.embedInCode("Routines/wall-stretch.toml")]
        ),
        // alsa-lib, found through pkg-config.
        .systemLibrary(
            name: "CAlsa",
            pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]
        ),
        // What Swift cannot import directly: variadic error handlers, struct ucred.
        .target(name: "CReliefShim", dependencies: ["CAlsa"]),
        // The default cue theme: one WAV per cue, embedded in the binary.
        .target(name: "ReliefSounds", path: "Sounds", exclude: ["README.md", "make-sounds.sh", "wav"]),
        // ALSA output stream with frame-accurate cue placement.
        .target(name: "ReliefAudio", dependencies: ["CAlsa", "CReliefShim", "ReliefSounds", "ReliefCore"]),
        // Scheduler, control server, systemd integration, history, paths.
        .target(
            name: "ReliefDaemon",
            dependencies: [
                "ReliefProtocol", "ReliefCore", "ReliefAudio", "CReliefShim", "TOMLKit",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "reliefd",
            dependencies: [
                "ReliefDaemon", "ReliefCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The client depends on ReliefProtocol only, so it starts in milliseconds.
        .executableTarget(
            name: "relief-ctl",
            dependencies: [
                "ReliefProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ReliefProtocolTests", dependencies: ["ReliefProtocol"]),
        .testTarget(name: "ReliefCoreTests", dependencies: ["ReliefCore"]),
        .testTarget(name: "ReliefAudioTests", dependencies: ["ReliefAudio"]),
        .testTarget(name: "ReliefDaemonTests", dependencies: ["ReliefDaemon"]),
    ],
    swiftLanguageModes: [.v6]
)
