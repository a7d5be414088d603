# relief — build, test, demo, install. Every target installs what it is missing.
SHELL := /bin/bash
PREFIX ?= $(HOME)/.local
# Where make install puts the systemd user units (override for tests and packaging).
SYSTEMD_USER_DIR ?= $(or $(XDG_CONFIG_HOME),$(HOME)/.config)/systemd/user
export PREFIX SYSTEMD_USER_DIR DESTDIR
SWIFT ?= swift
# Debian packages: the ALSA headers to build, the tools the tests drive.
BUILD_DEPS := libasound2-dev pkg-config
TEST_DEPS := alsa-utils pulseaudio pulseaudio-utils libasound2-plugins sox socat systemd util-linux procps groff-base espeak-ng
DEMO_DEPS := alsa-utils libasound2-plugins espeak-ng

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

# Man pages first, in debug: the generate-manual plugin builds the package itself, and a
# release build from it would relink the release binaries without --static-swift-stdlib.
install: deps-build
	$(SWIFT) package plugin generate-manual --configuration debug
	$(SWIFT) build -c release --static-swift-stdlib
	@scripts/install.sh "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)" .build/plugins/GenerateManual/outputs

uninstall:
	@scripts/uninstall.sh

bench:
	@echo "make bench: filled in by the Measurement issue" >&2; exit 1

clean:
	rm -rf .build
