#!/usr/bin/env bash
# What server-side encryption costs, side by side in one run on one server: PUT and GET of a 256 MiB object, and a
# 1 MiB ranged GET from its middle, as a plain object, with SSE-S3 and with SSE-C; curl with --aws-sigv4 and
# UNSIGNED-PAYLOAD, so the client hashes nothing and the difference is the server's (AES-256-GCM in 64 KiB chunks).
# Each sample records wall time and the server's CPU time. Prints a markdown table; results go to docs/benchmarks.md.
#
#   bench/s3-sse.sh [rounds]     (default 5)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/s3-sse-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-sse-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI (Release)..."
build_cli
{
  machine_info "bench/s3-sse.sh $rounds"
  echo "curl: $(curl --version | head -n1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials
start_server "$work/data"
tick_hz=$(getconf CLK_TCK)
server_ticks() { local stat; stat=$(<"/proc/$server_pid/stat"); stat=${stat##*) }; set -- $stat; echo $((${12} + ${13})); }
now_ns() { date +%s%N; }
raw="$results/samples.tsv"
: >"$raw"

head -c $((256 << 20)) /dev/urandom >"$work/object"
key=$(head -c 32 /dev/urandom | base64)
key_md5=$(base64 -d <<<"$key" | openssl md5 -binary | base64)
# What each mode sends with a PUT, and with a GET (S3 refuses SSE-S3's header on a GET; SSE-C's key goes with both).
plain=()
plain_read=()
sse_s3=(-H "x-amz-server-side-encryption: AES256")
sse_s3_read=()
sse_c=(-H "x-amz-server-side-encryption-customer-algorithm: AES256" -H "x-amz-server-side-encryption-customer-key: $key" -H "x-amz-server-side-encryption-customer-key-MD5: $key_md5")
sse_c_read=("${sse_c[@]}")

s3curl() {
  curl -fsS --max-time 600 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}

# timed LABEL CMD...: wall time and server CPU of CMD, one sample.
timed() {
  local label=$1; shift
  local cpu start end
  cpu=$(server_ticks); start=$(now_ns)
  "$@"
  end=$(now_ns)
  printf '%s\t%s\t%s\n' "$label" "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }')" \
    "$(awk -v t=$(($(server_ticks) - cpu)) -v hz="$tick_hz" 'BEGIN { printf "%.2f", t / hz }')" >>"$raw"
}

s3curl -X PUT "$url/bench" -o /dev/null
for round in $(seq "$rounds"); do
  log "round $round/$rounds"
  for mode in plain sse_s3 sse_c; do
    declare -n headers=$mode read_headers=${mode}_read
    timed "$mode PUT 256 MiB" s3curl "${headers[@]}" -T "$work/object" "$url/bench/$mode" -o /dev/null
    timed "$mode GET 256 MiB" s3curl "${read_headers[@]}" "$url/bench/$mode" -o "$work/got"
    cmp -s "$work/object" "$work/got" || { log "$mode: the bytes read back differ"; exit 1; }
    timed "$mode GET 1 MiB range" s3curl "${read_headers[@]}" -H "Range: bytes=$((100 << 20))-$(((101 << 20) - 1))" "$url/bench/$mode" -o /dev/null
    unset -n headers read_headers
  done
done

awk -F'\t' '
  { n[$1]++; wall[$1, n[$1]] = $2; cpu[$1, n[$1]] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
  function median(a, label, count,   i, j, t, v) {
    for (i = 1; i <= count; i++) v[i] = a[label, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
  }
  END {
    print "| what | wall p50 | MB/s | server CPU p50 | n |"
    print "|---|---|---|---|---|"
    for (i = 1; i <= k; i++) {
      l = order[i]; w = median(wall, l, n[l]); c = median(cpu, l, n[l])
      bytes = (l ~ /1 MiB/) ? 1048576 : 268435456
      printf "| %s | %.3f s | %.0f | %.2f s | %d |\n", l, w, bytes / w / 1e6, c, n[l]
    }
  }' "$raw" | tee "$results/summary.md"
