#!/usr/bin/env bash
# Installs relief: binaries, systemd user units, shell completions and man pages.
# Usage: scripts/install.sh BIN_DIR MAN_DIR      (make install calls it)
#   BIN_DIR  holds the built reliefd and relief-ctl (e.g. .build/release)
#   MAN_DIR  holds reliefd.1 and relief-ctl.1 (the hand-written pages in man/), directly or in
#            reliefd/ and relief-ctl/ subdirectories
# Environment:
#   PREFIX            where binaries, completions and man pages go (default ~/.local)
#   SYSTEMD_USER_DIR  where the units go (default ${XDG_CONFIG_HOME:-~/.config}/systemd/user)
#   STRIP             the strip program for the installed binaries (default strip, from binutils)
#   DESTDIR           stages everything under this directory (packaging); the paths written
#                     into the units stay PREFIX's
# Every file and every directory it creates is listed in PREFIX/share/relief/installed-files,
# which scripts/uninstall.sh reads to remove exactly those.
set -euo pipefail

die() { echo "install: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: scripts/install.sh BIN_DIR MAN_DIR"
bin_source=$1
man_source=$2
source_dir=$(cd "$(dirname "$0")/.." && pwd)
prefix=${PREFIX:-$HOME/.local}
unit_dir=${SYSTEMD_USER_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user}
destdir=${DESTDIR:-}
programs=(reliefd relief-ctl)
units=(reliefd.socket reliefd.service relief-break.service relief-break.timer)

# The units name the binaries by absolute path, and systemd would read % as a specifier
# and split on spaces: only plain absolute paths are accepted.
for variable in PREFIX SYSTEMD_USER_DIR; do
    case $variable in PREFIX) value=$prefix ;; *) value=$unit_dir ;; esac
    case $value in
        /*) ;;
        *) die "$variable=$value must be an absolute path" ;;
    esac
    if [[ ! $value =~ ^[A-Za-z0-9/._+@-]+$ ]]; then
        die "$variable=$value contains characters systemd units cannot take unquoted (space, %, quotes, …); choose a plain path"
    fi
done
bindir=$prefix/bin

# Everything must be in hand before the first file is copied.
for program in "${programs[@]}"; do
    [ -x "$bin_source/$program" ] || die "$bin_source/$program is missing: build it first (make install does)"
done
man_page() {
    local page
    for page in "$man_source/$1/$1.1" "$man_source/$1.1"; do
        [ -f "$page" ] && { echo "$page"; return 0; }
    done
    die "no man page for $1 in $man_source: give the source tree's man/ directory (make install does)"
}
for program in "${programs[@]}"; do man_page "$program" >/dev/null; done
strip_tool=${STRIP:-strip}
command -v "$strip_tool" >/dev/null || die "$strip_tool is missing: install binutils (make install does)"
for unit in "${units[@]}"; do
    [ -f "$source_dir/systemd/$unit" ] || die "systemd/$unit is missing from the source tree"
done

manifest=$prefix/share/relief/installed-files
if [ -n "$destdir" ]; then mkdir -p "$destdir"; fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
: >"$scratch/manifest"
# Directories an earlier install created stay recorded, so uninstall still removes them.
if [ -f "$destdir$manifest" ]; then
    grep '^dir ' "$destdir$manifest" >>"$scratch/manifest" || true
fi

# Creates the directories leading to $1 (a final path), recording those that did not exist.
make_parents() {
    local directory=$1 missing=()
    while [ "$directory" != / ] && [ ! -d "$destdir$directory" ]; do
        missing=("$directory" "${missing[@]}")
        directory=$(dirname "$directory")
    done
    for directory in "${missing[@]}"; do
        mkdir -m 0755 "$destdir$directory"
        grep -qxF "dir $directory" "$scratch/manifest" || echo "dir $directory" >>"$scratch/manifest"
    done
}

# install_file MODE SOURCE TARGET (TARGET is the final path, without DESTDIR)
install_file() {
    make_parents "$(dirname "$3")"
    install -m "$1" "$2" "$destdir$3"
    echo "file $3" >>"$scratch/manifest"
    echo "  $3"
}

echo "Installing relief into $destdir$prefix and $destdir$unit_dir:"
# Installed binaries are stripped: the symbol table is for debugging the build tree, and is a
# third of an unstripped reliefd (Swift's runtime metadata lives in sections strip keeps).
for program in "${programs[@]}"; do
    "$strip_tool" -o "$scratch/$program" "$bin_source/$program" || die "$strip_tool $bin_source/$program failed"
    install_file 0755 "$scratch/$program" "$bindir/$program"
done

for unit in "${units[@]}"; do
    sed "s|@BINDIR@|$bindir|g" "$source_dir/systemd/$unit" >"$scratch/$unit"
    if grep -q '@[A-Z_]*@' "$scratch/$unit"; then die "systemd/$unit has a placeholder install does not fill"; fi
    install_file 0644 "$scratch/$unit" "$unit_dir/$unit"
done

# Completions come from the binaries themselves (swift-argument-parser).
for program in "${programs[@]}"; do
    for shell in bash zsh fish; do
        "$bin_source/$program" --generate-completion-script "$shell" >"$scratch/$program.$shell" \
            || die "$program --generate-completion-script $shell failed"
        [ -s "$scratch/$program.$shell" ] || die "$program printed an empty $shell completion script"
    done
    install_file 0644 "$scratch/$program.bash" "$prefix/share/bash-completion/completions/$program"
    install_file 0644 "$scratch/$program.zsh" "$prefix/share/zsh/site-functions/_$program"
    install_file 0644 "$scratch/$program.fish" "$prefix/share/fish/vendor_completions.d/$program.fish"
    install_file 0644 "$(man_page "$program")" "$prefix/share/man/man1/$program.1"
done

make_parents "$(dirname "$manifest")"
install -m 0644 "$scratch/manifest" "$destdir$manifest"
echo "  $manifest (the list make uninstall removes)"

cat <<EOF

relief is installed. Next steps:
  systemctl --user daemon-reload
  systemctl --user enable --now reliefd.socket relief-break.timer
  systemctl --user list-timers relief-break.timer
  relief-ctl start wall-stretch
Break settings: ~/.config/relief/reliefd.toml (see docs/systemd.md).
EOF
case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "Note: $bindir is not on your PATH; add it to use reliefd and relief-ctl by name." ;;
esac
if [ "$prefix" = "$HOME/.local" ]; then
    echo "zsh users: add ~/.local/share/zsh/site-functions to fpath for completions."
fi
