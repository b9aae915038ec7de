#!/usr/bin/env bash
# Builds the libFuzzer target and runs it for the given number of seconds (default 60).
# Leak detection is off (libFuzzer's -detect_leaks=0 for inputs, ASAN_OPTIONS for the check at
# exit): at exit LeakSanitizer reports the process-lifetime fixtures held by globals (the HMAC
# key and the EC key set, 384 bytes), not per-input leaks.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product TokenFuzzer
mkdir -p corpus-run
cp -n Corpus/* corpus-run/ 2>/dev/null || true
ASAN_OPTIONS=detect_leaks=0 "$(swift build -c release --show-bin-path)/TokenFuzzer" -max_total_time="$seconds" -max_len=20000 -rss_limit_mb=4096 \
    -print_final_stats=1 -detect_leaks=0 corpus-run
