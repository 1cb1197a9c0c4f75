#!/usr/bin/env bash
# Renders one run of bench/s3-throughput.sh as markdown: bench/s3-report.sh bench/results/<time>
# raw.tsv holds "method <TAB> size <TAB> seconds <TAB> server CPU seconds", one line per sample.
set -euo pipefail

results="${1:?usage: bench/s3-report.sh RESULTS_DIR}"
raw="$results/raw.tsv"
declare -A size_bytes=([1MiB]=$((1 << 20)) [256MiB]=$((256 << 20)) [1GiB]=$((1 << 30)))

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# column METHOD SIZE [COLUMN]: every sample of one method and size (column 3: seconds, 4: server CPU seconds).
column() { awk -F'\t' -v m="$1" -v s="$2" -v c="${3:-3}" '$1 == m && $2 == s { print $c }' "$raw"; }
med() { column "$@" | median; }

# row METHOD SIZE SECONDS CP_SECONDS SYNC_SECONDS SERVER_CPU SAMPLES: one table row. Ratios are throughput / cp's.
row() {
  local range
  range=$(tr '\n' ' ' <<<"$7" | awk -v b="${size_bytes[$2]}" '{ lo = hi = $1; for (i = 2; i <= NF; i++) { if ($i < lo) lo = $i; if ($i > hi) hi = $i }
    d = (b / 1e6 / lo < 10) ? 1 : 0; printf "%." d "f–%." d "f", b / 1e6 / hi, b / 1e6 / lo }')
  awk -v m="$1" -v z="$2" -v b="${size_bytes[$2]}" -v s="$3" -v c="$4" -v y="$5" -v u="$6" -v r="$range" -v n="$(wc -w <<<"$7")" \
    'BEGIN { v = b / 1e6 / s; printf "| %s | %s | %." (v < 10 ? 1 : 0) "f | %s | %d | %.3f | %.2f | %.2f | %s |\n", m, z, v, r, n, s, c / s, y / s, u }'
}

echo "| operation | size | MB/s (median) | MB/s range | N | median s | ratio to cp | ratio to cp+sync | server CPU s |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
for size in 1MiB 256MiB; do
  cp_s=$(med cp "$size"); sync_s=$(med cp+sync "$size")
  for method in cp cp+sync "aws s3 cp PUT" "aws s3 cp GET" "SDK PutObject" "SDK GetObject" "SDK multipart PUT" \
    "SDK PutObject, checksums when_required" "SDK GetObject, checksums when_required" "curl PUT (UNSIGNED-PAYLOAD)" "curl GET"; do
    samples=$(column "$method" "$size"); [ -n "$samples" ] || continue
    cpu=$(med "$method" "$size" 4)
    case $method in cp*) cpu="–" ;; esac
    row "$method" "$size" "$(median <<<"$samples")" "$cp_s" "$sync_s" "$cpu" "$samples"
  done
done
# 1 GiB: cp baselines from raw.tsv, PUTs from the memory runs (one sample each).
cp_s=$(med cp 1GiB); sync_s=$(med cp+sync 1GiB)
if [ -n "$cp_s" ]; then
  row cp 1GiB "$cp_s" "$cp_s" "$sync_s" "–" "$(column cp 1GiB)"
  row cp+sync 1GiB "$sync_s" "$cp_s" "$sync_s" "–" "$(column cp+sync 1GiB)"
  tail -n +2 "$results/memory.tsv" | while IFS=$'\t' read -r label _ _ _ seconds; do
    row "$label" 1GiB "$seconds" "$cp_s" "$sync_s" "–" "$seconds"
  done
fi

echo
echo "aws CLI fixed cost (\`aws s3api head-bucket\`, one small request, median of $(column "aws s3api head-bucket" 0 | wc -l)): $(med "aws s3api head-bucket" 0) s"
echo
echo "SDK multipart (8 MiB parts, 10 in flight), UploadParts vs CompleteMultipartUpload:"
echo
sed 's/^/    /' "$results/multipart.tsv"
if [ -f "$results/memory-sdk.txt" ]; then
  sed -n 's/^sdk-multipart [0-9]* \([0-9.]*\) [0-9.]* \(.*\)/    SDK multipart PUT\t1GiB\t\2 (total \1 s)/p' "$results/memory-sdk.txt"
fi
echo
echo "| 1 GiB PUT | server RSS before, MiB | peak RSS (VmHWM), MiB | peak RSS (polled every 20 ms), MiB | peak − before, MiB | wall s |"
echo "|---|---:|---:|---:|---:|---:|"
tail -n +2 "$results/memory.tsv" | awk -F'\t' '{ printf "| %s | %.1f | %.1f | %.1f | %.1f | %s |\n", $1, $2 / 1024, $4 / 1024, $3 / 1024, ($4 - $2) / 1024 + 0, $5 }' | sed 's/| -0\.0 |/| 0.0 |/'
echo
grep -E '^(date|command|commit|load|server RSS)' "$results/machine.txt"
