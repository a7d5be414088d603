# relief — build, test, demo, install. Every target installs what it is missing.
SHELL := /bin/bash
PREFIX ?= $(HOME)/.local
# Where make install puts the systemd user units (override for tests and packaging).
SYSTEMD_USER_DIR ?= $(or $(XDG_CONFIG_HOME),$(HOME)/.config)/systemd/user
export PREFIX SYSTEMD_USER_DIR DESTDIR
SWIFT ?= swift
# Debian packages: the ALSA, libsystemd (sd-bus) and libpulse (the in-call check) headers to
# build, the tools the tests drive (a private dbus-daemon, busctl from systemd, dbus-send,
# python3-dbus for a fake MPRIS player, playerctl, python3-dbusmock as logind and Mutter).
# libtomlplusplus-dev: toml++, the TOML parser (Sources/CTOMLReader); binutils: strip for make install.
BUILD_DEPS := libasound2-dev libsystemd-dev libpulse-dev libtomlplusplus-dev pkg-config binutils
TEST_DEPS := alsa-utils pulseaudio pulseaudio-utils libasound2-plugins sox socat systemd util-linux procps groff-base man-db espeak-ng dbus python3-dbus python3-gi playerctl python3-dbusmock mount python3 i3blocks
DEMO_DEPS := alsa-utils libasound2-plugins espeak-ng util-linux
# make bench: a private PulseAudio null sink and its recorder, the ALSA pulse plugin, aplay
# for the shell-loop baseline, mpd/mpc as the control peer, sox for the cue WAVs, dbus for the
# private session bus of the MPRIS measurement; a private PipeWire with WirePlumber (on that
# kind of bus) for the stream section, pw-cli/pw-record from pipewire-bin. The ALSA pipewire
# plugin comes unpacked from pipewire-alsa (scripts/unpack-deb.sh): installed it would
# remove pulseaudio.
BENCH_DEPS := pulseaudio pulseaudio-utils libasound2-plugins alsa-utils mpd mpc sox dbus pipewire pipewire-bin wireplumber
# The lean release binaries. Package.swift carries no unsafe flags (a plain `swift build -c
# release` links, and the package can be a dependency): the static linking is chosen here.
# Both carry the Swift runtime statically. reliefd stays dynamically linked to glibc, because
# alsa-lib loads its plugins (pulse, pipewire) with dlopen. relief-ctl is linked fully static:
# no dynamic loader, no libstdc++ to map and relocate, which halves the whole-process time of
# a command (SPEC: relief-ctl status no slower than mpc status); it needs nothing at run time.
# swiftc's -static-executable reaches every job of a build (compile ones too), so relief-ctl
# is built in a scratch directory of its own and reliefd's build is never invalidated by it.
# Both lean binaries are then gathered in LEAN_BIN, which make install installs and make bench measures.
# Concrete generic types (a Dictionary's storage, a Decodable's KeyedDecodingContainer) are
# reached through metadata accessors, not looked up by mangled name: each such lookup checks
# the type's generic requirements by scanning every protocol conformance in the binary, and
# six such lookups (and a seventh, in Table.labelled) were two thirds of `relief-ctl status`'s
# instructions (1.73 M -> 0.54 M, callgrind).
RELEASE_FLAGS := -c release --static-swift-stdlib \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
STATIC_SCRATCH := .build/static
LEAN_BIN := .build/lean
define build-release
	$(SWIFT) build $(RELEASE_FLAGS) --product reliefd
	$(SWIFT) build $(RELEASE_FLAGS) --product relief-ctl --scratch-path $(STATIC_SCRATCH) -Xswiftc -static-executable
	mkdir -p $(LEAN_BIN)
	cp -f "$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/reliefd" \
		"$$($(SWIFT) build $(RELEASE_FLAGS) --scratch-path $(STATIC_SCRATCH) --show-bin-path)/relief-ctl" $(LEAN_BIN)/
endef
# Seconds relief-bench may run (its own phases take about 10 minutes, and its build section
# a fresh clone's make test plus a plain release build, up to 25 more); `timeout` signals its
# whole process group, so the daemons and sound servers it started end with it.
BENCH_TIMEOUT ?= 2100

.PHONY: all build release test demo install uninstall bench bench-tool deps-build deps-test sounds clean

all: build

deps-build:
	@scripts/install-deps.sh $(BUILD_DEPS)

build: deps-build
	$(SWIFT) build

release: deps-build
	$(build-release)

deps-test: deps-build
	@scripts/install-deps.sh $(TEST_DEPS)

# scripts/measure-build.sh times these steps one by one on a fresh clone (make bench reports it).
test: deps-test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@tests/install.sh

demo: deps-build
	@scripts/install-deps.sh $(DEMO_DEPS)
	$(SWIFT) build
	@scripts/demo.sh .build/debug

# Regenerates the cue theme in Sounds/wav from Sounds/make-sounds.sh (needs sox).
sounds:
	@scripts/install-deps.sh sox
	Sounds/make-sounds.sh
	touch Sounds/sounds.S  # .incbin inputs are invisible to SwiftPM

# The man pages are written by hand in man/ (generated ones lost non-ASCII text and the exit
# status table). Builds only what it installs (not relief-bench); install.sh strips the binaries.
install: deps-build
	$(build-release)
	@scripts/install.sh $(LEAN_BIN) man

uninstall:
	@scripts/uninstall.sh

# Measures timing, control, footprint, load and robustness against the release binaries and
# writes BENCHMARKS.md (see Sources/relief-bench; one section: relief-bench --only NAME).
bench: bench-tool
	@bin="$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)"; \
	if timeout --kill-after=10 $(BENCH_TIMEOUT) "$$bin/relief-bench" --bin $(LEAN_BIN) --package-root . > BENCHMARKS.md.partial; then \
		mv BENCHMARKS.md.partial BENCHMARKS.md; echo "make bench: wrote BENCHMARKS.md"; \
	else \
		echo "make bench: relief-bench failed or ran out of time; what it measured is in BENCHMARKS.md.partial" >&2; exit 1; \
	fi

# What make bench runs, built with the release flags (a build with other flags in the same
# directory would rebuild everything): then `.build/release/relief-bench --bin .build/lean
# --only SECTION` measures one section.
bench-tool: deps-build
	@scripts/install-deps.sh $(BENCH_DEPS)
	@scripts/unpack-deb.sh pipewire-alsa .build/pipewire-alsa
	$(SWIFT) build $(RELEASE_FLAGS) --product relief-bench
	$(build-release)

clean:
	rm -rf .build
