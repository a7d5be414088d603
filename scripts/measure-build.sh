#!/usr/bin/env bash
# Measures what `make test` costs on a fresh clone, phase by phase, and the largest single
# compile job (SPEC issue 15: fresh clone `make test` ≤ 6 min; one compile job ≤ 1 GB, ≤ 30 s).
# Usage: scripts/measure-build.sh [REPOSITORY]   (default: this checkout, at HEAD)
# Prints `key value` lines on stdout (relief-bench's build section reads them), progress and
# the phases' output on stderr. The clone lives in a temporary directory, removed at the end.
#   apt    make deps-test: the Debian packages make test installs (0 s when all are there)
#   fetch  swift package resolve: the Swift packages, from their mirror
#   build  swift build --build-tests
#   test   swift test --skip-build, then tests/install.sh
# and then, apart from make test, a plain `swift build -c release` (no flags), which must link.
# Every compiler process (swift-frontend, clang) is sampled with ps every 0.2 s during the
# build: its peak resident memory (as sampled) and how long it ran.
set -euo pipefail
source_dir=$(cd "$(dirname "$0")/.." && pwd)
repository=${1:-$source_dir}
SWIFT=${SWIFT:-swift}
scratch=$(mktemp -d /tmp/relief-measure-build-XXXXXX)
sampler=
cleanup() {
    if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; fi
    rm -rf "$scratch"
    # SwiftPM leaves lock files in /tmp named after the paths under it (the clone, HOME's caches).
    rm -f "/tmp/$(tr / _ <<<"$scratch")"_*.lock
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# What a compiler job works on, from its command line: the module of a swift-frontend job,
# the source file of a clang one.
job_name() {
    local comm=$1 args=$2
    if [[ $args =~ -module-name\ ([A-Za-z0-9_]+) ]]; then echo "$comm ${BASH_REMATCH[1]}"; return; fi
    if [[ $args =~ \ -c\ ([^ ]+) ]]; then echo "$comm ${BASH_REMATCH[1]##*/}"; return; fi
    echo "$comm"
}

# Samples compiler processes until killed: one line per process when it is gone,
# "pid seconds peak_kib command", into $1. One `ps` per sample keeps the sampler cheap.
sample_compilers() {
    set +e +u  # a process may end between ps and reading it: never stop sampling
    local out=$1 pid rss comm args
    declare -A peak start command
    while true; do
        local seen=" "
        while read -r pid rss comm args; do
            case $comm in swift-frontend|clang|clang++|clang-[0-9]*) ;; *) continue ;; esac
            seen="$seen$pid "
            if [ -z "${start[$pid]:-}" ]; then start[$pid]=$(now); command[$pid]=$(job_name "$comm" "$args"); fi
            if [ "$rss" -gt "${peak[$pid]:-0}" ]; then peak[$pid]=$rss; fi
        done < <(ps -ww -e -o pid=,rss=,comm=,args=)
        for pid in "${!start[@]}"; do
            case $seen in *" $pid "*) continue ;; esac
            echo "$pid $(elapsed "${start[$pid]}" "$(now)") ${peak[$pid]:-0} ${command[$pid]}" >>"$out"
            unset "start[$pid]" "peak[$pid]" "command[$pid]"
        done
        sleep 0.2
    done
}


# A private HOME: no module cache or package cache from earlier builds, as on a fresh machine.
mkdir -p "$scratch/home"
export HOME=$scratch/home XDG_CACHE_HOME=$scratch/home/.cache
echo "measure-build: cloning $repository into $scratch/clone" >&2
git clone -q "$repository" "$scratch/clone"
cd "$scratch/clone"
echo "commit $(git rev-parse --short HEAD)"
started=$(now)

t0=$(now)
make -s deps-test >&2
t1=$(now)
echo "apt_seconds $(elapsed "$t0" "$t1")"

$SWIFT package resolve >&2
t2=$(now)
echo "fetch_seconds $(elapsed "$t1" "$t2")"

sample_compilers "$scratch/jobs" &
sampler=$!
$SWIFT build --build-tests >&2
t3=$(now)
kill "$sampler" 2>/dev/null || echo "measure-build: the compiler sampler stopped early" >&2
wait "$sampler" 2>/dev/null || true; sampler=
echo "build_seconds $(elapsed "$t2" "$t3")"

$SWIFT test --skip-build >"$scratch/test.log" 2>&1 || { tail -50 "$scratch/test.log" >&2; echo "test_failed 1"; }
grep -E "^✘ Test .* recorded an issue" "$scratch/test.log" | head -10 | cut -c1-400 | sed 's/^/test_issue /' || true
grep -E "^(✔|✘) Test run with|Executed [1-9][0-9]* tests" "$scratch/test.log" | sed 's/^[[:space:]]*/test_summary /' || true
# The slowest tests (Swift Testing runs tests in parallel, so a test's time includes waiting
# for the CPU the others use).
grep -E "Test .* (passed|failed) after [0-9.]+ seconds" "$scratch/test.log" | grep -v "Test run with" \
    | sed -E 's/.*Test "?([^"]*[^" ])"? (passed|failed) after ([0-9.]+) seconds.*/\3 \1/' \
    | sort -rn | head -5 | while read -r seconds name; do echo "slow_test $name | $seconds s"; done || true
tests/install.sh >"$scratch/install.log" 2>&1 || { tail -20 "$scratch/install.log" >&2; echo "install_test_failed 1"; }
t4=$(now)
echo "test_seconds $(elapsed "$t3" "$t4")"
echo "total_seconds $(elapsed "$started" "$t4")"

# Not part of make test: a plain release build with no flags at all must link (issue 15).
if $SWIFT build -c release >"$scratch/release.log" 2>&1; then status=0; else status=$?; tail -20 "$scratch/release.log" >&2; fi
t5=$(now)
echo "plain_release_status $status"
echo "plain_release_seconds $(elapsed "$t4" "$t5")"

if [ -s "$scratch/jobs" ]; then
    echo "compile_jobs $(wc -l <"$scratch/jobs")"
    read -r _ seconds kib args < <(sort -k3,3n "$scratch/jobs" | tail -1)
    echo "largest_memory_job $args | $((kib / 1024)) MiB | $seconds s"
    read -r _ seconds kib args < <(sort -k2,2n "$scratch/jobs" | tail -1)
    echo "longest_job $args | $((kib / 1024)) MiB | $seconds s"
fi
