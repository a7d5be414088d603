#!/usr/bin/env bash
# Tests scripts/install.sh and scripts/uninstall.sh into a temporary PREFIX and unit directory,
# with the debug binaries (make test has built them; make install does the same with release
# ones). Never touches the real ~/.local or ~/.config, never talks to a systemd manager.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}

failures=0
fail() { echo "  FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "  ok: $*"; }
check() { # check DESCRIPTION COMMAND…
    local description=$1; shift
    if "$@"; then pass "$description"; else fail "$description"; fi
}

scratch=$(mktemp -d /tmp/relief-install-test-XXXXXX)
trap 'rm -rf "$scratch"' EXIT

bin=$(timeout 600 $SWIFT build --show-bin-path)
man=man

prefix=$scratch/prefix
units=$scratch/config/systemd/user
# Every step is time-bounded: a hang is a failure, never a stuck CI job.
bounded() { timeout --kill-after=5 120 "$@"; }
run_install() { bounded env PREFIX="$prefix" SYSTEMD_USER_DIR="$units" scripts/install.sh "$bin" "$man"; }
run_uninstall() { bounded env PREFIX="$prefix" SYSTEMD_USER_DIR="$units" scripts/uninstall.sh; }

echo "install test: install into $prefix"
run_install >"$scratch/install.log" 2>&1 || { cat "$scratch/install.log" >&2; fail "install exits 0"; }

expected=(
    "$prefix/bin/reliefd" "$prefix/bin/relief-ctl"
    "$units/reliefd.socket" "$units/reliefd.service" "$units/relief-break.service" "$units/relief-break.timer"
    "$prefix/share/bash-completion/completions/reliefd" "$prefix/share/bash-completion/completions/relief-ctl"
    "$prefix/share/zsh/site-functions/_reliefd" "$prefix/share/zsh/site-functions/_relief-ctl"
    "$prefix/share/fish/vendor_completions.d/reliefd.fish" "$prefix/share/fish/vendor_completions.d/relief-ctl.fish"
    "$prefix/share/man/man1/reliefd.1" "$prefix/share/man/man1/relief-ctl.1"
    "$prefix/share/relief/installed-files"
)
for file in "${expected[@]}"; do
    [ -s "$file" ] || fail "installed ${file#"$scratch"/} (missing or empty)"
done
pass "all ${#expected[@]} files installed"
check "binaries are executable and answer --help" \
    bounded bash -c '"$1/bin/reliefd" --help >/dev/null && "$1/bin/relief-ctl" --help >/dev/null' _ "$prefix"
for program in reliefd relief-ctl; do
    # The build tree's binaries keep their symbol table (so this check can fail); installed ones not.
    check "$program in the build tree has a symbol table" bash -c 'readelf -S "$1" | grep -qF .symtab' _ "$bin/$program"
    check "installed $program is stripped (no .symtab) and smaller" \
        bash -c '! readelf -S "$1" | grep -qF .symtab && [ "$(stat -c %s "$1")" -lt "$(stat -c %s "$2")" ]' \
        _ "$prefix/bin/$program" "$bin/$program"
done
check "relief-bench is not installed" test ! -e "$prefix/bin/relief-bench"
check "the install prints its next steps" \
    grep -q "systemctl --user enable --now reliefd.socket relief-break.timer" "$scratch/install.log"

check "ExecStart of reliefd.service names the installed reliefd" \
    grep -qxF "ExecStart=$prefix/bin/reliefd" "$units/reliefd.service"
check "ExecStart of relief-break.service names the installed relief-ctl" \
    grep -qxF "ExecStart=$prefix/bin/relief-ctl start --scheduled" "$units/relief-break.service"
check "no placeholder is left in the units" bash -c '! grep -l "@[A-Z_]*@" "$1"/*' _ "$units"

# systemd-analyze verify exits 0 on unknown keys and typos: any output at all is a failure.
mkdir -p "$scratch/runtime"
verify_output=$(cd "$units" && XDG_RUNTIME_DIR=$scratch/runtime XDG_CONFIG_HOME=$scratch/config HOME=$scratch \
    SYSTEMD_LOG_COLOR=0 timeout 60 systemd-analyze --user verify --man=no \
    "$units/reliefd.socket" "$units/reliefd.service" "$units/relief-break.service" "$units/relief-break.timer" 2>&1) \
    || fail "systemd-analyze --user verify exits 0"
if [ -n "$verify_output" ]; then fail "systemd-analyze --user verify printed:"; echo "$verify_output" >&2
else pass "systemd-analyze --user verify on the installed units: no output"; fi

check "bash completion scripts parse" bash -c 'for f in "$1"/*; do bash -n "$f" || exit 1; done' _ "$prefix/share/bash-completion/completions"
check "zsh completion scripts start with #compdef" \
    bash -c 'for f in "$1"/_*; do head -1 "$f" | grep -q "^#compdef" || exit 1; done' _ "$prefix/share/zsh/site-functions"
check "fish completion scripts define completions" \
    bash -c 'grep -q "^complete -c .reliefd. " "$1/reliefd.fish" && grep -q "^complete -c .relief-ctl. " "$1/relief-ctl.fish"' \
    _ "$prefix/share/fish/vendor_completions.d"
for page in reliefd relief-ctl; do
    groff_output=$(groff -mdoc -Tutf8 -ww -z "$prefix/share/man/man1/$page.1" 2>&1) || fail "groff renders $page.1"
    [ -z "$groff_output" ] || { fail "groff warns about $page.1:"; echo "$groff_output" >&2; }
    check "$page.1 names its program" grep -q "^\.Nm $page" "$prefix/share/man/man1/$page.1"
    rendered=$(LANG=C.UTF-8 MANWIDTH=100 bounded man -l "$prefix/share/man/man1/$page.1" 2>"$scratch/man.err") \
        || fail "man -l renders $page.1"
    [ -s "$scratch/man.err" ] && { fail "man -l warns about $page.1:"; cat "$scratch/man.err" >&2; }
    for section in NAME SYNOPSIS COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
        grep -qx "$section" <<<"$rendered" || fail "$page.1 has a $section section"
    done
    echo "$rendered" >"$scratch/$page.txt"
done
# What the generated pages lost: non-ASCII text, and the exit status table.
check "reliefd.1 shows [--volume 0…1]" grep -qF "[--volume 0…1]" "$scratch/reliefd.txt"
check "reliefd.1 shows \"switch side, …\"" grep -qF "switch side, …)" "$scratch/reliefd.txt"
check "relief-ctl.1 shows the · separators of the short format" grep -qF "running wall-stretch · hold 0:24 · left · 2:09 left" "$scratch/relief-ctl.txt"
check "relief-ctl.1 shows the ranges with an en dash" grep -qF "1–3650" "$scratch/relief-ctl.txt"
for code in 0 1 64 69 70; do
    check "relief-ctl.1 EXIT STATUS lists $code" grep -qE "^     $code +[A-Za-z]" "$scratch/relief-ctl.txt"
done
check "relief-ctl.1 lists quit" grep -qE "^     quit +End reliefd cleanly" "$scratch/relief-ctl.txt"
check "relief-ctl.1 has no '> 0 on error'" bash -c '! grep -q "> 0 on error" "$1"' _ "$scratch/relief-ctl.txt"

echo "install test: a second install over the first, then uninstall"
run_install >"$scratch/install2.log" 2>&1 || { cat "$scratch/install2.log" >&2; fail "reinstall exits 0"; }

mkdir -p "$units/timers.target.wants"
ln -s ../relief-break.timer "$units/timers.target.wants/relief-break.timer"
if run_uninstall >"$scratch/refused.log" 2>&1; then fail "uninstall refuses while relief-break.timer is enabled"
else check "uninstall says how to disable enabled units" grep -q "systemctl --user disable --now relief-break.timer" "$scratch/refused.log"; fi
check "nothing removed while refusing" test -x "$prefix/bin/reliefd"
rm "$units/timers.target.wants/relief-break.timer"
rmdir "$units/timers.target.wants"

run_uninstall >"$scratch/uninstall.log" 2>&1 || { cat "$scratch/uninstall.log" >&2; fail "uninstall exits 0"; }
left=$(find "$prefix" "$scratch/config" 2>/dev/null || true)
if [ -n "$left" ]; then fail "uninstall leaves nothing behind; left:"; echo "$left" >&2
else pass "uninstall removed every file and every directory install created"; fi
check "uninstall prints its next step" grep -q "systemctl --user daemon-reload" "$scratch/uninstall.log"
if run_uninstall >/dev/null; then pass "a second uninstall is a harmless no-op"; else fail "a second uninstall exits 0"; fi

echo "install test: directories that existed before are kept, with their other files"
mkdir -p "$prefix/bin" "$prefix/share/man/man1"
echo keep >"$prefix/bin/other-tool"
run_install >/dev/null 2>&1 || fail "install over existing directories"
run_uninstall >/dev/null 2>&1 || fail "uninstall over existing directories"
check "a file relief did not install is untouched" test -f "$prefix/bin/other-tool"
check "a directory that existed before stays" test -d "$prefix/share/man/man1"
check "directories install created are gone" test ! -e "$prefix/share/bash-completion"
rm -rf "$prefix" "$scratch/config"

echo "install test: DESTDIR stages files without changing the paths in the units"
stage=$scratch/stage
bounded env DESTDIR="$stage" PREFIX=/usr/local SYSTEMD_USER_DIR=/usr/lib/systemd/user scripts/install.sh "$bin" "$man" >/dev/null 2>&1 \
    || fail "staged install exits 0"
check "staged binary" test -x "$stage/usr/local/bin/reliefd"
check "staged unit points at the final path" grep -qxF "ExecStart=/usr/local/bin/reliefd" "$stage/usr/lib/systemd/user/reliefd.service"

echo "install test: what make install builds (make -n: printed, not run)"
make -n install PREFIX="$scratch/dry" >"$scratch/make-n.log" 2>&1 || { cat "$scratch/make-n.log" >&2; fail "make -n install exits 0"; }
grep -E '(^| )build( |$)' "$scratch/make-n.log" | grep -v -- '--show-bin-path' >"$scratch/builds.log" || true
check "make install builds reliefd and relief-ctl by product" \
    bash -c 'grep -q -- "--product reliefd" "$1" && grep -q -- "--product relief-ctl" "$1" && ! grep -qv -- "--product" "$1"' _ "$scratch/builds.log"
check "make install never builds relief-bench" bash -c '! grep -q relief-bench "$1"' _ "$scratch/make-n.log"
check "make install links relief-ctl fully static, reliefd not" \
    bash -c 'grep -- "--product relief-ctl" "$1" | grep -q -- "-static" && ! grep -- "--product reliefd" "$1" | grep -q -- "-static-executable"' _ "$scratch/builds.log"
check "Package.swift has no unsafe flags (a plain swift build -c release links; usable as a dependency)" \
    bash -c '! timeout 120 '"$SWIFT"' package dump-package | grep -q unsafeFlags'

echo "install test: bad input is refused with a reason"
if bounded env PREFIX=relative/dir SYSTEMD_USER_DIR="$units" scripts/install.sh "$bin" "$man" 2>"$scratch/err.log" >/dev/null; then
    fail "a relative PREFIX is refused"
else check "a relative PREFIX is refused with a reason" grep -q "must be an absolute path" "$scratch/err.log"; fi
if bounded env PREFIX="$scratch/with space" SYSTEMD_USER_DIR="$units" scripts/install.sh "$bin" "$man" 2>"$scratch/err.log" >/dev/null; then
    fail "a PREFIX with a space is refused"
else check "a PREFIX with a space is refused with a reason" grep -q "cannot take unquoted" "$scratch/err.log"; fi
if bounded env PREFIX="$prefix" SYSTEMD_USER_DIR="$units" scripts/install.sh "$scratch/nowhere" "$man" 2>"$scratch/err.log" >/dev/null; then
    fail "missing binaries are refused"
else check "missing binaries are refused before anything is copied" test ! -e "$prefix"; fi

if [ "$failures" -gt 0 ]; then
    echo "install test: $failures check(s) failed" >&2
    exit 1
fi
echo "install test: all checks passed"
