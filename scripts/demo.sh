#!/usr/bin/env bash
# make demo: start reliefd (spoken guidance is on by default) if none answers, start wall-stretch and follow it.
# Usage: scripts/demo.sh BINDIR
set -euo pipefail
bin=${1:-.build/debug}
ctl="$bin/relief-ctl"
if ! "$ctl" ping >/dev/null 2>&1; then
    echo "relief: starting reliefd (log: ${TMPDIR:-/tmp}/reliefd-demo.log)"
    # In its own session: Ctrl-C on the follow below must reach relief-ctl, not the daemon.
    setsid "$bin/reliefd" >"${TMPDIR:-/tmp}/reliefd-demo.log" 2>&1 </dev/null &
    for _ in $(seq 1 50); do
        "$ctl" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    "$ctl" ping >/dev/null || { echo "relief: reliefd did not start; see ${TMPDIR:-/tmp}/reliefd-demo.log" >&2; exit 1; }
fi
"$ctl" start wall-stretch
echo "relief: following the session — Ctrl-C stops following (the session goes on; 'relief-ctl stop' ends it)."
exec "$ctl" follow --until-end
