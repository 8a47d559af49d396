#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers that read outside bytes (see Sources/QuiddlerApp/FuzzTargets.swift).
#
#   scripts/fuzz.sh SECONDS [TARGET...]
#
# Builds quiddler-fuzz with libFuzzer and AddressSanitizer (-sanitize=fuzzer,address) into
# .build-fuzz/, then runs each target (default: all) for SECONDS on a working corpus seeded from
# Tests/FuzzCorpus/TARGET. Prints executions and coverage per target. A crash, a leak-free hang
# (-timeout) or an allocation over 2 GB (-rss_limit_mb) stops with the input saved under
# .build-fuzz/crashes/TARGET/ and a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(png jpeg weights dictionary cards labels); fi

swift build --product quiddler-fuzz --build-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
binary=$(swift build --product quiddler-fuzz --build-path .build-fuzz --show-bin-path \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)/quiddler-fuzz

status=0
printf '%-11s %12s %10s %8s %8s\n' target executions "execs/s" coverage features
for t in "${targets[@]}"; do
    [ -d "Tests/FuzzCorpus/$t" ] || { echo "no seed corpus Tests/FuzzCorpus/$t (targets: png jpeg weights dictionary cards labels)" >&2; exit 2; }
    work=.build-fuzz/corpus/$t crashes=.build-fuzz/crashes/$t
    mkdir -p "$work" "$crashes"
    log=.build-fuzz/$t.log
    if ! QUIDDLER_FUZZ_TARGET=$t ASAN_OPTIONS=detect_leaks=0 "$binary" "$work" "Tests/FuzzCorpus/$t" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$crashes/" >"$log" 2>&1; then
        echo "$t: FAILED, see $log and $crashes/" >&2
        tail -30 "$log" >&2
        status=1
        continue
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    printf '%-11s %12s %10s %8s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}"
done
exit $status
