#!/usr/bin/env bash
# make demo: start reliefd (spoken guidance is on by default) if none answers, start wall-stretch
# (or find the session a previous demo started) and follow it.
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
# Run twice, the second demo follows the session the first one started instead of failing "busy".
state=$("$ctl" status --format '{state}[ {routine}]')
if [ "$state" = idle ]; then
    "$ctl" start wall-stretch
else
    echo "relief: a session is already running ($state); following it"
fi
echo "relief: following the session — Ctrl-C stops following (the session goes on; 'relief-ctl stop' ends it)."
echo "relief: reliefd keeps running in the background; 'relief-ctl quit' stops it."
exec "$ctl" follow --until-end
