#!/usr/bin/env bash
# S3 throughput and memory benchmark for Sagebrush. Results go to docs/benchmarks.md by hand; this prints them.
#
#   bench/s3-throughput.sh [repetitions]      (default 5; REPS=N works too)
#
# In one run, against one server on 127.0.0.1 and one disk:
#   - PUT and GET of 1 MiB and 256 MiB through /usr/bin/aws s3 cp and through AWSSDK.S3 (bench/Sagebrush.Bench.S3),
#     beside `cp` of the same file (plain, and followed by `sync FILE`, i.e. an fsync, because the server fsyncs
#     every object before it answers); medians of N, rounds interleaved so background load hits every method alike;
#   - controls that separate the server's cost from the clients': AWSSDK.S3 with its default CRC32 checksums off
#     (AWS_REQUEST/RESPONSE_CHECKSUM_*=when_required), and curl --aws-sigv4 with UNSIGNED-PAYLOAD (the client hashes
#     nothing); the server CPU seconds each transfer cost are recorded beside its wall time;
#   - the server's resident memory before and during a 1 GiB PUT: aws s3 cp (multipart) and SDK PutObject (one request).
# Source files are read from the page cache (they were just written); GETs read objects the server just wrote.
# MB is 10^6 bytes. Raw samples are kept in bench/results/<time>/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${1:-${REPS:-5}}"
aws=/usr/bin/aws   # Debian's AWS CLI v2, not whatever `aws` is first on PATH
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/$stamp"
mkdir -p "$results"
raw="$results/raw.tsv"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"
now_ns() { date +%s%N; }

# --- build ---------------------------------------------------------------------------------------------------------
log "building the CLI and the SDK bench (Release)..."
build_cli
timeout 600 dotnet build "$root/bench/Sagebrush.Bench.S3/Sagebrush.Bench.S3.csproj" -c Release -o "$root/artifacts/bench" --nologo -v quiet -clp:ErrorsOnly >&2
sdk_bench=(dotnet "$root/artifacts/bench/Sagebrush.Bench.S3.dll")

# --- machine -------------------------------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/s3-throughput.sh $reps"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm)"
  echo "nproc: $(nproc)"
  echo "dotnet: $(dotnet --version)"
  echo "aws: $($aws --version 2>&1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo; lscpu | head -n 15
  echo; free -h
  echo; df -h "$work"
} >"$results/machine.txt"
cat "$results/machine.txt" >&2

# --- test files, on the same disk as the server's data directory ----------------------------------------------------
mkdir -p "$work/src" "$work/dst" "$work/data" "$work/aws"
declare -A size_bytes=([1MiB]=$((1 << 20)) [256MiB]=$((256 << 20)) [1GiB]=$((1 << 30)))
for size in 1MiB 256MiB 1GiB; do
  head -c "${size_bytes[$size]}" /dev/urandom >"$work/src/$size"
done
sync

# --- server --------------------------------------------------------------------------------------------------------
export SAGEBRUSH_ACCESS_KEY_ID="AKIABENCHMARK0000000"
export SAGEBRUSH_SECRET_ACCESS_KEY="bench-secret-key-not-for-anything-else-000"
export AWS_ACCESS_KEY_ID="$SAGEBRUSH_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$SAGEBRUSH_SECRET_ACCESS_KEY"
export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""
# Keep the user's ~/.aws out of it: its multipart and concurrency settings would change what is measured.
: >"$work/aws/config"
export AWS_CONFIG_FILE="$work/aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/aws/config"

start_server "$work/data"
echo "server RSS after start: $(grep VmRSS "/proc/$server_pid/status" | tr -s ' \t' ' ')" >>"$results/machine.txt"

s3() { timeout 900 "$aws" --endpoint-url "$url" s3 "$@"; }
s3 mb s3://bench >/dev/null

# --- measurement helpers -------------------------------------------------------------------------------------------
# The server's CPU time so far (user + system, in clock ticks): where a transfer's time goes on the server side.
tick_hz=$(getconf CLK_TCK)
server_ticks() { local stat; stat=$(<"/proc/$server_pid/stat"); stat=${stat##*) }; set -- $stat; echo $((${12} + ${13})); }

# record METHOD SIZE SECONDS SERVER_TICKS: one sample.
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$(awk -v t="$4" -v hz="$tick_hz" 'BEGIN { printf "%.2f", t / hz }')" >>"$raw"; }

# timed METHOD SIZE CMD...: wall-clock time of CMD, recorded.
timed() {
  local method=$1 size=$2; shift 2
  local start end cpu
  cpu=$(server_ticks)
  start=$(now_ns)
  "$@"
  end=$(now_ns)
  record "$method" "$size" "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.4f", ns / 1e9 }')" $(($(server_ticks) - cpu))
}

# sdk METHOD SIZE OP KEY FILE: the SDK bench times itself after a warm-up (no process start-up in the number).
sdk() {
  local method=$1 size=$2 line cpu
  cpu=$(server_ticks)
  line="$(timeout 900 "${sdk_bench[@]}" "$3" "$url" bench "$4" "$5" 1)"
  # The server CPU includes the bench's 1 KiB warm-up, which is negligible beside these transfers.
  record "$method" "$size" "$(cut -d' ' -f3 <<<"$line")" $(($(server_ticks) - cpu))
  if [ "$3" = multipart ]; then printf '%s\t%s\t%s\n' "$method" "$size" "$(cut -d' ' -f5- <<<"$line")" >>"$results/multipart.tsv"; fi
}

# curl signs with SigV4 itself (--aws-sigv4, curl >= 7.75) and sends the body unhashed.
curl_s3() {
  curl -fsS --max-time 600 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"
}
cp_plain() { cp "$1" "$2"; }
cp_sync() { cp "$1" "$2" && sync "$2"; }   # sync FILE is fsync(FILE): what the server does per object

# --- throughput: rounds interleave every method so load on this shared machine falls on all of them --------------
: >"$raw"
for size in 1MiB 256MiB; do
  src="$work/src/$size"
  for rep in $(seq "$reps"); do
    log "round $rep/$reps, $size"
    rm -f "$work/dst/"*
    timed cp "$size" cp_plain "$src" "$work/dst/plain"
    timed cp+sync "$size" cp_sync "$src" "$work/dst/synced"
    timed "aws s3 cp PUT" "$size" s3 cp --only-show-errors "$src" "s3://bench/aws/$size/$rep"
    timed "aws s3 cp GET" "$size" s3 cp --only-show-errors "s3://bench/aws/$size/$rep" "$work/dst/aws-get"
    sdk "SDK PutObject" "$size" put "sdk/$size/$rep" "$src"
    sdk "SDK GetObject" "$size" get "sdk/$size/$rep" "$work/dst/sdk-get"
    [ "$size" = 1MiB ] || sdk "SDK multipart PUT" "$size" multipart "sdk-mp/$size/$rep" "$src"
    # Controls, to tell the server's cost from the clients': the SDK without its default CRC32 work, and curl,
    # which hashes nothing (UNSIGNED-PAYLOAD), so the server's own PUT path (MD5 + write + fsync) is all that is left.
    AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required \
      sdk "SDK PutObject, checksums when_required" "$size" put "sdk-nocrc/$size/$rep" "$src"
    AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required \
      sdk "SDK GetObject, checksums when_required" "$size" get "sdk-nocrc/$size/$rep" "$work/dst/sdk-nocrc-get"
    timed "curl PUT (UNSIGNED-PAYLOAD)" "$size" curl_s3 -o /dev/null -T "$src" "$url/bench/curl/$size/$rep"
    timed "curl GET" "$size" curl_s3 -o "$work/dst/curl-get" "$url/bench/curl/$size/$rep"
    for got in aws-get sdk-get sdk-nocrc-get curl-get; do cmp -s "$src" "$work/dst/$got" || { log "$got: downloaded bytes differ from the source"; exit 1; }; done
    # Reclaim disk between rounds; deletes are not timed.
    s3 rm --only-show-errors --recursive "s3://bench/" >/dev/null
  done
done
# The CLI's fixed cost: one tiny request (HeadBucket), Python start-up included.
for rep in $(seq "$reps"); do timed "aws s3api head-bucket" 0 timeout 60 "$aws" --endpoint-url "$url" s3api head-bucket --bucket bench; done

# The disk's sustained rate, for the 1 GiB PUTs below: a burst of writes is fast here, a long run is not.
for rep in $(seq "$reps"); do
  rm -f "$work/dst/"*
  timed cp 1GiB cp_plain "$work/src/1GiB" "$work/dst/plain"
  timed cp+sync 1GiB cp_sync "$work/src/1GiB" "$work/dst/synced"
done
rm -f "$work/dst/"*

# --- memory: resident set of the server before and during a 1 GiB PUT ---------------------------------------------
status_kb() { local k v _; while read -r k v _; do [ "$k" = "$1:" ] && { echo "$v"; return; }; done <"/proc/$server_pid/status"; }

# peak LABEL CMD...: baseline VmRSS, then reset the peak (clear_refs 5) and poll VmRSS every 20 ms while CMD runs.
peak() {
  local label=$1; shift
  sleep 1
  local base polled=0 rss hwm cmd_pid start seconds
  base=$(status_kb VmRSS)
  echo 5 >"/proc/$server_pid/clear_refs"
  start=$(now_ns)
  "$@" &
  cmd_pid=$!
  while kill -0 "$cmd_pid" 2>/dev/null; do
    rss=$(status_kb VmRSS); [ "$rss" -gt "$polled" ] && polled=$rss
    sleep 0.02
  done
  wait "$cmd_pid"
  seconds=$(awk -v ns=$(($(now_ns) - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
  hwm=$(status_kb VmHWM)
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$base" "$polled" "$hwm" "$seconds" >>"$results/memory.tsv"
}
printf 'put\tbaseline_kb\tpolled_peak_kb\tvmhwm_kb\tseconds\n' >"$results/memory.tsv"
peak "aws s3 cp (multipart, 8 MiB parts x 10)" s3 cp --only-show-errors "$work/src/1GiB" s3://bench/mem/aws
peak "SDK PutObject (one 1 GiB request)" timeout 900 "${sdk_bench[@]}" put "$url" bench mem/sdk "$work/src/1GiB" 1 >>"$results/memory-sdk.txt"
# The same 1 GiB through the SDK's multipart path, to time CompleteMultipartUpload (which rewrites the whole object).
peak "SDK multipart (8 MiB parts x 10)" timeout 900 "${sdk_bench[@]}" multipart "$url" bench mem/sdk-mp "$work/src/1GiB" 1 >>"$results/memory-sdk.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"

# --- report --------------------------------------------------------------------------------------------------------
"$root/bench/s3-report.sh" "$results" | tee "$results/summary.md"
log "raw samples in $results"
