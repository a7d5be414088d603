// swift-tools-version:6.0
// relief — guided stretching and posture sessions by sound alone.
// Modules follow SPEC "Layout": routine file → timeline → scheduler → audio stream,
// with the control socket beside the scheduler. docs/architecture.md says what each may import.
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
    ],
    targets: [
        // OS plumbing every other module shares: errno errors and EINTR retries, Unix socket
        // addresses, the FIFO-safe file reader, stderr, mkdtemp, clocks. Glibc only, so relief-ctl
        // can use it without starting slower.
        .target(name: "ReliefSystem"),
        // The cue names (begin, hold, …): a leaf, so the audio side needs nothing of routines.
        .target(name: "ReliefCue"),
        // "Did you mean …?" for every place that guesses a name: a leaf, so the pure core and
        // the client share it without the core depending on the wire format.
        .target(name: "ReliefSuggestion"),
        // Wire types, socket path resolution and a small blocking client.
        .target(name: "ReliefProtocol", dependencies: ["ReliefSystem", "ReliefSuggestion"]),
        // toml++ (Debian's libtomlplusplus-dev) behind a C interface: a well-kept TOML parser that
        // keeps every key's position, without a Swift layer importing Foundation (whose ICU
        // tripled reliefd's size and idle memory). Linked as the shared library Debian builds.
        .target(
            name: "CTOMLReader",
            cxxSettings: [.define("TOML_HEADER_ONLY", to: "0"), .define("TOML_SHARED_LIB", to: "1")],
            linkerSettings: [.linkedLibrary("tomlplusplus")]
        ),
        // Routines, validation, built-in library, timeline compiler, session state machine.
        .target(
            name: "ReliefCore",
            dependencies: ["ReliefSuggestion", "ReliefSystem", "ReliefCue", "CTOMLReader"],
            resources: [
                .embedInCode("Routines/back-stretcher.toml"),
                .embedInCode("Routines/ball-massage.toml"),
                .embedInCode("Routines/bridge.toml"),
                .embedInCode("Routines/cat-cow.toml"),
                .embedInCode("Routines/chair-back-extension.toml"),
                .embedInCode("Routines/chest-opener.toml"),
                .embedInCode("Routines/childs-pose.toml"),
                .embedInCode("Routines/deep-breathing.toml"),
                .embedInCode("Routines/downward-dog.toml"),
                .embedInCode("Routines/foam-roller.toml"),
                .embedInCode("Routines/full-session.toml"),
                .embedInCode("Routines/heat-or-cold.toml"),
                .embedInCode("Routines/neck-rolls.toml"),
                .embedInCode("Routines/plank.toml"),
                .embedInCode("Routines/posture-break.toml"),
                .embedInCode("Routines/resistance-band-row.toml"),
                .embedInCode("Routines/rotational-stretch.toml"),
                .embedInCode("Routines/seated-thoracic-twist.toml"),
                .embedInCode("Routines/self-hug.toml"),
                .embedInCode("Routines/shoulder-shrugs.toml"),
                .embedInCode("Routines/swimming.toml"),
                .embedInCode("Routines/thoracic-extension.toml"),
                .embedInCode("Routines/trigger-point.toml"),
                .embedInCode("Routines/wall-stretch.toml"),
                .embedInCode("Routines/warm-up.toml"),
            ]
        ),
        // alsa-lib, found through pkg-config.
        .systemLibrary(
            name: "CAlsa",
            pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]
        ),
        // libpulse's introspection API (PulseAudio, or PipeWire's pulse server), found through pkg-config.
        .systemLibrary(
            name: "CPulse",
            pkgConfig: "libpulse",
            providers: [.apt(["libpulse-dev"])]
        ),
        // libsystemd (sd-bus, sd-login), found through pkg-config.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // sd-bus object tables: SD_BUS_METHOD and friends are macros over a union, so C builds them.
        .target(name: "CBusShim", dependencies: ["CSystemd"]),
        // One D-Bus connection (session or system bus) driven on a Dispatch queue: export
        // objects, emit PropertiesChanged, call methods, read properties, subscribe to signals;
        // reconnects when the bus comes back.
        .target(name: "ReliefBus", dependencies: ["CSystemd", "CBusShim", "ReliefSystem", .product(name: "Logging", package: "swift-log")]),
        // What Swift cannot import directly: variadic error handlers, struct ucred.
        .target(name: "CReliefShim", dependencies: ["CAlsa"]),
        // The default cue theme: one WAV per cue, linked into the binary by sounds.S (.incbin
        // finds the files through the header search path).
        .target(
            name: "ReliefSounds",
            path: "Sounds",
            exclude: ["README.md", "make-sounds.sh", "wav"],
            cSettings: [.headerSearchPath("wav")]
        ),
        // ALSA output stream with frame-accurate cue placement, cues and speech (typed ids).
        // Knows cues, not routines: no ReliefCore (and so no toml++).
        .target(name: "ReliefAudio", dependencies: ["CAlsa", "CReliefShim", "ReliefSounds", "ReliefCue", "ReliefSystem"]),
        // Spoken guidance: espeak-ng rendering, speech shaped around the cues and queued
        // into the cue stream; the voice settings.
        .target(name: "ReliefVoice", dependencies: ["ReliefCore", "ReliefAudio", "ReliefSystem"]),
        // Measuring what was played: onset detection in recordings, a private PulseAudio
        // null sink and its recorder, a private D-Bus. Shared by the tests and `make bench`.
        .target(name: "ReliefMeasure", dependencies: ["ReliefSystem"]),
        // Scheduler, control server, systemd integration, history, paths.
        .target(
            name: "ReliefDaemon",
            dependencies: [
                "ReliefProtocol", "ReliefCore", "ReliefAudio", "ReliefVoice", "ReliefBus", "ReliefSystem", "CReliefShim",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The context of a scheduled break, seen from outside: calls (libpulse, cameras),
        // presence and sleep (logind, Mutter over D-Bus). Feeds ReliefDaemon's BreakContext.
        .target(
            name: "ReliefContext",
            dependencies: [
                "ReliefDaemon", "ReliefBus", "ReliefSystem", "CPulse",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "reliefd",
            dependencies: [
                "ReliefDaemon", "ReliefContext", "ReliefCore", "ReliefVoice", "ReliefSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // relief-ctl's commands, request building and reply formatting, as a library so the
        // tests can drive them. ReliefProtocol (and ReliefSystem) only, never ReliefCore, so the
        // client starts fast.
        .target(
            name: "ReliefCtlKit",
            dependencies: [
                "ReliefProtocol", "ReliefSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The client: a thin main over ReliefCtlKit. `make release`/`make install` link it fully
        // static (the Makefile's flags, so a plain `swift build -c release` and packages that
        // depend on this one work without unsafe flags).
        .executableTarget(name: "relief-ctl", dependencies: ["ReliefCtlKit"]),
        // `make bench`: measures timing, control, footprint, load and robustness against the
        // release binaries and prints BENCHMARKS.md. Not installed.
        .executableTarget(name: "relief-bench", dependencies: [
            "ReliefMeasure", "ReliefProtocol", "ReliefCore", "ReliefBus", "ReliefSystem", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ReliefSystemTests", dependencies: ["ReliefSystem"]),
        .testTarget(name: "ReliefProtocolTests", dependencies: ["ReliefProtocol"]),
        .testTarget(name: "ReliefCtlTests", dependencies: ["ReliefCtlKit", "ReliefProtocol"]),
        .testTarget(name: "ReliefCoreTests", dependencies: ["ReliefCore", "ReliefMeasure"]),
        .testTarget(name: "ReliefAudioTests", dependencies: ["ReliefAudio", "ReliefCue", "ReliefMeasure"]),
        .testTarget(name: "ReliefDaemonTests", dependencies: ["ReliefDaemon", "ReliefMeasure"]),
        // reliefd as the system sees it: the real reliefd and relief-ctl on a private socket,
        // systemd's notify and socket activation, the units, D-Bus. (Apart from
        // ReliefDaemonTests, the in-process logic, so neither is one long compile job.)
        .testTarget(name: "ReliefdEndToEndTests", dependencies: ["ReliefDaemon", "ReliefMeasure", "ReliefProtocol", "ReliefCore", "ReliefAudio"]),
        .testTarget(name: "ReliefContextTests", dependencies: ["ReliefContext", "ReliefDaemon", "ReliefMeasure", "CPulse"]),
        .testTarget(name: "ReliefBusTests", dependencies: ["ReliefBus", "ReliefMeasure", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "reliefdTests", dependencies: ["reliefd", "ReliefVoice"]),
        .testTarget(name: "ReliefMeasureTests", dependencies: ["ReliefMeasure"]),
        .testTarget(name: "ReliefVoiceTests", dependencies: ["ReliefVoice", "ReliefAudio", "ReliefCore", "ReliefSystem", "ReliefMeasure"]),
    ],
    swiftLanguageModes: [.v6]
)
