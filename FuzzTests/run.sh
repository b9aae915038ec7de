#!/usr/bin/env bash
# Builds the libFuzzer target and runs it for the given number of seconds (default 60).
# Leak detection is off: at exit LeakSanitizer reports the process-lifetime fixtures held by
# globals (one 64-byte key buffer), not per-input leaks.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product TokenFuzzer
mkdir -p corpus-run
cp -n Corpus/* corpus-run/ 2>/dev/null || true
"$(swift build -c release --show-bin-path)/TokenFuzzer" -max_total_time="$seconds" -max_len=20000 -rss_limit_mb=4096 \
    -print_final_stats=1 -detect_leaks=0 corpus-run
