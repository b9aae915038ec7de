#!/usr/bin/env bash
# Load benchmark of the Hummingbird example (release build) with wrk, all in one run (requests per
# second, and the server's CPU time per request from /proc, which a busy host taking the core away
# does not inflate):
#   public     GET /api/public, no token
#   public+token GET /api/public with the same Authorization header as "admin" (ignored by the
#              route): what receiving a ~1 KB header costs the server before any authorization
#   repeated   GET /api/protected with one valid token (served by the verified-token cache); the
#              answer is the context as JSON (~0.7 KB: the access token's claims, no identity token)
#   admin      GET /api/protected/admin with one valid token carrying "admin": the same
#              authorization work with a body as small as /api/public's
#   distinct   GET /api/protected with 20 000 distinct valid tokens in rotation (more than the
#              cache holds, so every request is a full RS256 verification)
# Ratios are also given against "public+token", which receives the same header and so leaves
# only what the route's protection (and its answer) costs.
# The server runs on one core and wrk (one thread) on the other, so the server is the bottleneck;
# rounds are interleaved (each starting with a different case) so that drift on a shared machine
# hits every case alike; medians of the rates and of the per-round ratios to public are printed. wrk comes from Debian's package (installed when missing).
# With LOAD_MODE=routes, the server is instead `middleware serve` (Benchmarks/Sources/middleware):
# the same router shape without the example's context JSON, all three routes sent the same
# token, so what separates them is only Hummingbird's group and child context ("control", which
# attaches a ready-made context) and TokenGate's work ("protected"):
#   public     GET /api/public with the token (ignored)
#   control    GET /api/control: route group, middleware and child context, no TokenGate
#   protected  GET /api/protected: APIStrategy with its verified-token cache
# Usage: [LOAD_MODE=routes [MIDDLEWARE_BIN=path]] Benchmarks/load.sh [seconds per run, default 5] [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-5}
connections=${CONNECTIONS:-16}
command -v wrk >/dev/null || { apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

mode=${LOAD_MODE:-example}
if [ "$mode" = routes ]; then
    # MIDDLEWARE_BIN runs another build of it (a before/after comparison).
    [ -n "${MIDDLEWARE_BIN:-}" ] || swift build -c release --package-path Benchmarks --product middleware >/dev/null
    taskset -c 1 "${MIDDLEWARE_BIN:-Benchmarks/.build/release/middleware}" serve 8180 >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 60); do grep -qF -- "--- end ---" "$work/server.log" && break; sleep 1; done
    grep -qF -- "--- end ---" "$work/server.log" || { cat "$work/server.log"; exit 1; }
    grep -oE "^token: .+" "$work/server.log" | cut -c8- >"$work/one.txt"
else
    swift build -c release --package-path Examples --product protected-api >/dev/null
    taskset -c 1 Examples/.build/release/protected-api --port 8180 --issuer-port 8181 >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 60); do grep -qF -- "--- end ---" "$work/server.log" && break; sleep 1; done
    grep -qF -- "--- end ---" "$work/server.log" || { cat "$work/server.log"; exit 1; }
    basic=$(grep -oE "Authorization: Basic [A-Za-z0-9+/=]+" "$work/server.log" | head -1)
    token_url=$(grep -oE "http://127.0.0.1:8181/oauth/v4/[^']+/token" "$work/server.log" | head -1)

    # 20 000 distinct tokens (client credentials; each carries its own jti), minted over one keep-alive connection.
    python3 - "$token_url" "$basic" "$work/tokens.txt" <<'PY'
import http.client, json, sys, urllib.parse
url, header, out = urllib.parse.urlparse(sys.argv[1]), sys.argv[2], sys.argv[3]
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
with open(out, "w") as file:
    for _ in range(20000):
        connection.request("POST", url.path, body="grant_type=client_credentials",
                           headers={"Authorization": header.split(": ", 1)[1], "Content-Type": "application/x-www-form-urlencoded"})
        file.write(json.loads(connection.getresponse().read())["access_token"] + "\n")
PY
    head -1 "$work/tokens.txt" >"$work/one.txt"
    user=$(grep -oE "user +demo@example.com +password [^ ]+" "$work/server.log" | awk '{print $4}')
    curl -s -X POST "$token_url" -H "$basic" -F grant_type=password -F username=demo@example.com -F "password=$user" -F scope=admin \
        | sed -E 's/.*"access_token":"([^"]+)".*/\1/' >"$work/admin.txt"
fi

cat >"$work/rotate.lua" <<'LUA'
local tokens = {}
local file = os.getenv("TOKENS")
for line in io.lines(file) do tokens[#tokens + 1] = line end
local counter = 0
local offset = 0
setup = function(thread) offset = offset + 7919; thread:set("start", offset) end
init = function() counter = start or 0 end
request = function()
  counter = counter + 1
  return wrk.format("GET", os.getenv("TARGET") or "/api/protected", { ["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1] })
end
LUA

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }  # the server's user + system time, in clock ticks
switches() { cat /proc/"$server"/task/*/status | awk '/ctxt_switches/ {n += $2} END {print n}'; }  # all its threads' context switches
ticks_per_second=$(getconf CLK_TCK)
run() {  # run NAME PATH [TOKENS]: prints requests/s and the server's CPU µs per request, fails on any non-2xx answer
    local name=$1 path=$2 tokens=${3:-}
    local output before
    before=$(cpu_ticks)
    local switched
    switched=$(switches)
    if [ -n "$tokens" ] && [ "$(wc -l <"$tokens")" -eq 1 ]; then
        # One token: a fixed header, so wrk does no per-request scripting (as for /api/public).
        output=$(taskset -c 0 wrk -t1 -c"$connections" -d"${seconds}s" -H "Authorization: Bearer $(cat "$tokens")" "http://127.0.0.1:8180$path")
    elif [ -n "$tokens" ]; then
        output=$(TOKENS="$tokens" TARGET="$path" taskset -c 0 wrk -t1 -c"$connections" -d"${seconds}s" -s "$work/rotate.lua" "http://127.0.0.1:8180$path")
    else
        output=$(taskset -c 0 wrk -t1 -c"$connections" -d"${seconds}s" "http://127.0.0.1:8180$path")
    fi
    if grep -q "Non-2xx" <<<"$output"; then echo "$name: non-2xx answers" >&2; echo "$output" >&2; exit 1; fi
    local requests
    requests=$(grep -oE "[0-9]+ requests in" <<<"$output" | awk '{print $1}')
    echo "$(grep "Requests/sec" <<<"$output" | awk '{print $2}') $(echo "($(cpu_ticks) - $before) * 1000000 / $ticks_per_second / $requests" | bc -l) $(echo "($(switches) - $switched) / $requests" | bc -l)"
}

declare -A results ratios cpu cpuratios switches labels tokenratios
if [ "$mode" = routes ]; then
    cases=(public control protected)
    labels=([public]="/api/public, the token sent (ignored)" [control]="/api/control, group + child context, no TokenGate"
        [protected]="/api/protected, APIStrategy, cached token")
else
    cases=(public publictoken admin repeated distinct)
    labels=([public]="/api/public, no token" [publictoken]="/api/public, the same token sent (ignored)"
        [admin]="/api/protected/admin, one token, small body" [repeated]="/api/protected, one token, context as JSON"
        [distinct]="/api/protected, 20 000 distinct tokens")
fi
measure() {  # measure CASE: one run of that case
    case $mode/$1 in
    example/public) run public /api/public ;;
    example/publictoken) run public+token /api/public "$work/admin.txt" ;;
    example/repeated) run repeated /api/protected "$work/one.txt" ;;
    example/admin) run admin /api/protected/admin "$work/admin.txt" ;;
    example/distinct) run distinct /api/protected "$work/tokens.txt" ;;
    routes/*) run "$1" "/api/$1" "$work/one.txt" ;;
    esac
}
count=${#cases[@]}
for round in $(seq 1 "$rounds"); do
    # Each round starts with a different case, so that no case always follows the same one.
    declare -A rate=() used=() switched=()
    for offset in $(seq 0 $((count - 1))); do
        name=${cases[$(((round + offset) % count))]}
        measured=$(measure "$name")  # an assignment, so that a failed run stops the script
        read -r "rate[$name]" "used[$name]" "switched[$name]" <<<"$measured"
        results[$name]+="${rate[$name]} "
        cpu[$name]+="${used[$name]} "
        switches[$name]+="${switched[$name]} "
    done
    # Ratios within the round: a slow phase of the machine slows the whole round alike.
    for name in "${cases[@]:1}"; do
        ratios[$name]+="$(echo "${rate[$name]} / ${rate[public]}" | bc -l) "
        # The same ratio from the server's CPU time per request (public's over the case's):
        # time the machine takes the core away from the server does not count in it.
        cpuratios[$name]+="$(echo "${used[public]} / ${used[$name]}" | bc -l) "
        # And to /api/public sent the same token (example mode): the header's cost taken out.
        if [ -n "${rate[publictoken]:-}" ] && [ "$name" != publictoken ]; then
            tokenratios[$name]+="$(echo "${rate[$name]} / ${rate[publictoken]}" | bc -l) "
        fi
    done
    echo "round $round done" >&2
done

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { median "${ratios[$1]}"; }
cpuratio() { median "${cpuratios[$1]}"; }
cpumedian() { median "${cpu[$1]}"; }
printf 'server on one core, wrk -t1 -c%s on the other, %s s per run, %s interleaved rounds;\n' "$connections" "$seconds" "$rounds"
printf 'rates are medians over the rounds, ratios the median of the per-round ratios to /api/public;\n'
printf 'CPU is the server'"'"'s user + system time per request, its ratio public'"'"'s CPU over the case'"'"'s;\n'
printf 'switches are the server threads'"'"' context switches (voluntary and not) per request:\n'
printf '                                                            req/s  ratio   CPU µs/req  ratio  switches/req\n'
row() { printf '  %-52s %8.0f  %5s   %8.1f  %5s  %8.2f\n' "${labels[$1]}" "$(median "${results[$1]}")" "$2" "$(cpumedian "$1")" "$3" "$(median "${switches[$1]}")"; }
row public "" ""
for name in "${cases[@]:1}"; do row "$name" "$(printf %.2fx "$(ratio "$name")")" "$(printf %.2fx "$(cpuratio "$name")")"; done
if [ "$mode" = example ]; then
    printf 'against /api/public sent the same token (median of the per-round ratios):'
    for name in admin repeated distinct; do printf '  %s %.3fx' "$name" "$(median "${tokenratios[$name]}")"; done
    printf '\n'
fi
for name in "${cases[@]}"; do
    printf '  %s: rates %s| ratios %s| CPU µs/request %s\n' "$name" "${results[$name]}" "${ratios[$name]:-}" "${cpu[$name]}"
done
