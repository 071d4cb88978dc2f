#!/usr/bin/env bash
# Builds libFuzzer harnesses tests/fuzz/fuzz_<name>.c with clang (ASan + UBSan) and runs each for a bounded
# time on a scratch copy of its seed corpus tests/fuzz/corpus/<name>/ (the seeds in the repo are never
# written), with the dictionary tests/fuzz/dict/<name>.dict when there is one. A harness says what it needs
# on comment lines of its own (paths from the repository root):
#   FUZZ_SOURCE: server/src/domain/x.c   a source file to compile with it (one per line)
#   FUZZ_LIBS: -ljansson                 link flags
#   FUZZ_GEN: api_gen.h                  a header tests/fuzz/gen_api.sh writes into the work directory
# Exits non-zero if a harness fails to build or finds a crash, a leak or undefined behaviour; the
# reproducer (crash-*, leak-*, ...) is left in the work directory, whose path is printed. Replay one with
# the binary left there: <work>/fuzz_<name> <work>/<name>-crash-...
# Usage: tests/fuzz/run.sh [seconds per harness, default 30] [name ...]   (no name: every harness)
#   e.g. tests/fuzz/run.sh 600 token     ten minutes on the JWT verifier
# Needs: clang and libclang-rt-<version>-dev (Debian), i.e. whatever provides -fsanitize=fuzzer; without
# them it exits 77 (ctest's skip code, see SKIP_RETURN_CODE).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:-30}"
shift || true
cc="${FUZZ_CC:-clang}"
work="${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/lg-fuzz.XXXXXX")}"
mkdir -p "$work"

probe="$work/probe.c"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe"
if ! command -v "$cc" >/dev/null 2>&1 || ! "$cc" -fsanitize=fuzzer "$probe" -o "$work/probe" 2>/dev/null; then
    echo "fuzz: $cc with -fsanitize=fuzzer not available (apt-get install clang libclang-rt-14-dev): skipped" >&2
    exit 77
fi

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for f in "$root"/tests/fuzz/fuzz_*.c; do
        [ -e "$f" ] || continue
        n="$(basename "$f" .c)"
        names+=("${n#fuzz_}")
    done
fi

status=0
for name in "${names[@]}"; do
    src="$root/tests/fuzz/fuzz_$name.c"
    [ -f "$src" ] || { echo "fuzz: no harness $src" >&2; exit 1; }
    deps="$(sed -n 's/.*FUZZ_SOURCE:[[:space:]]*\([^[:space:]*]*\).*/\1/p' "$src")"
    libs="$(sed -n 's/.*FUZZ_LIBS:[[:space:]]*\([^*]*\).*/\1/p' "$src")"
    gens="$(sed -n 's/.*FUZZ_GEN:[[:space:]]*\([^[:space:]*]*\).*/\1/p' "$src")"
    sources=()
    set -f
    for d in $deps; do sources+=("$root/$d"); done
    set +f
    mkdir -p "$work/gen"
    for g in $gens; do "$root/tests/fuzz/gen_api.sh" "$root" "$work/gen/$g"; done
    bin="$work/fuzz_$name"
    echo "fuzz: building $name"
    # shellcheck disable=SC2086 # libs is a list of link flags
    "$cc" -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -I"$root/server/src" -I"$work/gen" "$src" "${sources[@]}" -o "$bin" $libs
    corpus="$work/corpus_$name"
    mkdir -p "$corpus"
    seeds="$root/tests/fuzz/corpus/$name"
    [ -d "$seeds" ] || seeds=""
    dict="$root/tests/fuzz/dict/$name.dict"
    [ -f "$dict" ] || dict=""
    echo "fuzz: running $name for ${seconds}s (work dir $work)"
    if ! (cd "$work" && "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/$name-" ${dict:+-dict="$dict"} \
        "$corpus" ${seeds:+"$seeds"} 2>"$work/$name.log"); then
        echo "fuzz: $name FAILED, see $work/$name.log and the $name-crash-* (or leak-*, timeout-*) file in $work" >&2
        tail -n 40 "$work/$name.log" >&2
        status=1
    else
        grep -E "stat::number_of_executed_units|Done" "$work/$name.log" | sed "s/^/fuzz: $name: /"
    fi
done
if [ $status -eq 0 ] && [ -z "${FUZZ_WORK:-}" ]; then
    rm -rf "$work"
fi
exit $status
