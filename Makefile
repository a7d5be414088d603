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
BUILD_DEPS := libasound2-dev libsystemd-dev libpulse-dev pkg-config
TEST_DEPS := alsa-utils pulseaudio pulseaudio-utils libasound2-plugins sox socat systemd util-linux procps groff-base man-db espeak-ng dbus python3-dbus python3-gi playerctl python3-dbusmock mount python3 i3blocks
DEMO_DEPS := alsa-utils libasound2-plugins espeak-ng util-linux
# make bench: a private PulseAudio null sink and its recorder, the ALSA pulse plugin, aplay
# for the shell-loop baseline, mpd/mpc as the control peer, sox for the cue WAVs, dbus for the
# private session bus of the MPRIS measurement; a private PipeWire with WirePlumber (on that
# kind of bus) for the stream section, pw-cli/pw-record from pipewire-bin. The ALSA pipewire
# plugin comes unpacked from pipewire-alsa (scripts/unpack-deb.sh): installed it would
# remove pulseaudio.
BENCH_DEPS := pulseaudio pulseaudio-utils libasound2-plugins alsa-utils mpd mpc sox dbus pipewire pipewire-bin wireplumber
# Seconds relief-bench may run (its own phases take about 10 minutes); `timeout` signals its
# whole process group, so the daemons and sound servers it started end with it.
BENCH_TIMEOUT ?= 900

.PHONY: all build release test demo install uninstall bench deps sounds clean

all: build

deps-build:
	@scripts/install-deps.sh $(BUILD_DEPS)

build: deps-build
	$(SWIFT) build

release: deps-build
	$(SWIFT) build -c release --static-swift-stdlib

test: deps-build
	@scripts/install-deps.sh $(TEST_DEPS)
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
# status table).
install: deps-build
	$(SWIFT) build -c release --static-swift-stdlib
	@scripts/install.sh "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)" man

uninstall:
	@scripts/uninstall.sh

# Measures timing, control, footprint, load and robustness against the release binaries and
# writes BENCHMARKS.md (see Sources/relief-bench; one section: relief-bench --only NAME).
bench: deps-build
	@scripts/install-deps.sh $(BENCH_DEPS)
	@scripts/unpack-deb.sh pipewire-alsa .build/pipewire-alsa
	$(SWIFT) build -c release --static-swift-stdlib
	@bin="$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)"; \
	if timeout --kill-after=10 $(BENCH_TIMEOUT) "$$bin/relief-bench" --bin "$$bin" --package-root . > BENCHMARKS.md.partial; then \
		mv BENCHMARKS.md.partial BENCHMARKS.md; echo "make bench: wrote BENCHMARKS.md"; \
	else \
		echo "make bench: relief-bench failed or ran out of time; what it measured is in BENCHMARKS.md.partial" >&2; exit 1; \
	fi

clean:
	rm -rf .build
