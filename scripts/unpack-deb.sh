#!/bin/sh
# Unpacks a Debian package into a directory without installing it.
# Usage: scripts/unpack-deb.sh PACKAGE DIR
# make bench loads the ALSA pipewire plugin from pipewire-alsa this way: installed, it
# conflicts with pulseaudio on Debian 12 and repoints ALSA's default PCM system-wide.
set -eu
package=$1
target=$2
[ -e "$target/.unpacked" ] && exit 0
download=$(mktemp -d)
trap 'rm -rf "$download"' EXIT
# apt runs its download as _apt, which must be able to write there.
chmod 0777 "$download"
(cd "$download" && apt-get download -qq "$package" >&2) || {
    echo "relief: cannot download $package (apt-get download); the PipeWire bench needs its ALSA plugin" >&2
    exit 1
}
mkdir -p "$target"
dpkg-deb -x "$download"/"$package"_*.deb "$target"
touch "$target/.unpacked"
