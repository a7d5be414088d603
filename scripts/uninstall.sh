#!/usr/bin/env bash
# Removes what scripts/install.sh installed: exactly the files listed in
# PREFIX/share/relief/installed-files, then the directories install created, if empty.
# Usage: scripts/uninstall.sh   (make uninstall calls it; same PREFIX and DESTDIR as install)
set -euo pipefail

die() { echo "uninstall: $*" >&2; exit 1; }

prefix=${PREFIX:-$HOME/.local}
destdir=${DESTDIR:-}
manifest=$prefix/share/relief/installed-files

if [ ! -f "$destdir$manifest" ]; then
    echo "relief is not installed under $destdir$prefix (no $destdir$manifest); nothing to remove."
    echo "If you installed with another PREFIX, run: make uninstall PREFIX=that-prefix"
    exit 0
fi

mapfile -t files < <(sed -n 's/^file //p' "$destdir$manifest")
mapfile -t directories < <(sed -n 's/^dir //p' "$destdir$manifest")

# Units still enabled would leave dangling links in *.wants/ behind; systemctl must disable
# them while their files still exist.
enabled=()
for file in "${files[@]}"; do
    case $file in
        *.socket | *.service | *.timer)
            unit=$(basename "$file")
            for link in "$destdir$(dirname "$file")"/*.wants/"$unit" "$destdir$(dirname "$file")"/*.requires/"$unit"; do
                [ -L "$link" ] && enabled+=("$unit")
            done
            ;;
    esac
done
if [ ${#enabled[@]} -gt 0 ]; then
    die "these units are still enabled: ${enabled[*]}
Disable them first, then uninstall again:
  systemctl --user disable --now ${enabled[*]}
  make uninstall"
fi

echo "Removing relief from $destdir$prefix:"
for file in "${files[@]}"; do
    if [ -e "$destdir$file" ] || [ -L "$destdir$file" ]; then
        rm -f "$destdir$file"
        echo "  removed $file"
    fi
done
rm -f "$destdir$manifest"
echo "  removed $manifest"

# Deepest first; a directory that now holds something else stays.
for ((index = ${#directories[@]} - 1; index >= 0; index--)); do
    directory=${directories[index]}
    [ -d "$destdir$directory" ] || continue
    if rmdir "$destdir$directory" 2>/dev/null; then
        echo "  removed directory $directory"
    else
        echo "  kept $directory (it holds files relief did not install)"
    fi
done

cat <<EOF

relief is uninstalled. Next step:
  systemctl --user daemon-reload
Your settings (~/.config/relief/) and history (~/.local/state/relief/) are left in place.
EOF
