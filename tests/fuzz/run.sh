#!/usr/bin/env bash
# Builds every libFuzzer harness tests/fuzz/fuzz_<name>.c with clang (ASan + UBSan) and runs each for a
# bounded time on a scratch copy of its seed corpus tests/fuzz/corpus/<name>/ (the seeds in the repo are
# never written). A harness names each source it needs on a comment line of its own,
# "FUZZ_SOURCE: server/src/domain/x.c" (path from the repository root). Exits non-zero if a harness
# fails to build or finds a crash; the reproducer is left in the work directory, whose path is printed.
# Usage: tests/fuzz/run.sh [seconds per harness, default 30] [name ...]
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
    sources=()
    set -f
    for d in $deps; do sources+=("$root/$d"); done
    set +f
    bin="$work/fuzz_$name"
    echo "fuzz: building $name"
    "$cc" -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -I"$root/server/src" "$src" "${sources[@]}" -o "$bin"
    corpus="$work/corpus_$name"
    mkdir -p "$corpus"
    seeds="$root/tests/fuzz/corpus/$name"
    echo "fuzz: running $name for ${seconds}s (work dir $work)"
    if ! (cd "$work" && "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "$corpus" ${seeds:+"$seeds"} 2>"$work/$name.log"); then
        echo "fuzz: $name FAILED, see $work/$name.log and the crash-* file in $work" >&2
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
