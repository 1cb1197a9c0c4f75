#!/usr/bin/env bash
# Serving: InvokeEndpoint through Sagebrush's router versus the model-server process called directly versus the Python
# stack SageMaker's own XGBoost container serves with (gunicorn + flask + xgboost), all on one 100-tree XGBoost model,
# with wrk; plus CreateEndpoint -> InService time. Results go to docs/benchmarks.md by hand; this prints them.
#
#   bench/endpoint-serving.sh [rounds] [seconds]     (defaults 3 and 20; ROUNDS=, DURATION=, CYCLES= work too)
#
# - one model (bench/endpoint_serving.py model: Python xgboost, 100 trees, 28 features), one body (one CSV row);
# - (a) a real server (bench/lib/server.sh), CreateModel with the built-in XGBoost image, CreateEndpoint, and wrk on
#   POST /endpoints/<name>/invocations with headers botocore signed for that body (re-signed before every wrk run:
#   the server allows 5 minutes of clock skew for SageMaker Runtime, and a SigV4 signature carries no nonce, so the
#   server accepts the same signed request again and again; wrk's non-2xx count shows it did);
# - (b) the same endpoint's instance, the algorithms program's `xgboost serve`, on its port (read from its log stream)
#   in its own network namespace, called directly by a wrk started in that namespace (nsenter --net);
# - (c) bench/serving/start-flask-baseline.sh on the same model directory: gunicorn, 2 gevent workers,
#   OMP_NUM_THREADS=1;
# - each round runs every target with -t2 -c16 (throughput) and -t1 -c1 (latency), after a warm-up (10 s in the first round, 3 s later), in the order
#   a b c; the report gives the medians over the rounds;
# - CPU seconds used during each measured wrk run by the server, the instance, gunicorn and wrk (from /proc and
#   /usr/bin/time), reported per request: on a machine this small, throughput is CPU per request;
# - then CYCLES (default 10) CreateEndpoint/DeleteEndpoint cycles on the same configuration.
# wrk, the server, the instance and gunicorn share the machine's cores. Raw wrk output goes to
# bench/results/serving-<time>/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-${ROUNDS:-3}}"
duration="${2:-${DURATION:-20}}"
cycles="${CYCLES:-10}"
targets="${TARGETS:-a b c}"   # a subset for quick comparisons, e.g. TARGETS="a b"
python=/usr/bin/python3   # Debian's, with boto3, xgboost, flask, gunicorn
wrk=/usr/bin/wrk
helper="$root/bench/endpoint_serving.py"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/serving-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-serving.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

flask_pid=""
stop_flask() {
  if [ -n "$flask_pid" ] && kill -0 "$flask_pid" 2>/dev/null; then
    kill -TERM "$flask_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$flask_pid" 2>/dev/null || break; sleep 0.1; done
  fi
}
trap 'stop_flask; stop_server_and_clean' EXIT

# descendants PID: every process under PID (the instance runs as server -> bwrap -> bwrap -> dotnet).
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do echo "$child"; descendants "$child"; done
}

# cpu_ticks PID...: user + system CPU time of those processes, in clock ticks.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

# What the runs need from Debian: wrk, and the Python stack of baseline (c).
if ! [ -x "$wrk" ] || ! $python -c 'import gunicorn, flask, gevent' 2>/dev/null; then
  [ "$(id -u)" = 0 ] || { log "needs wrk, gunicorn, python3-flask and python3-gevent: run as root or apt-get install them"; exit 1; }
  log "installing wrk, gunicorn, python3-flask and python3-gevent..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk gunicorn python3-flask python3-gevent >/dev/null
fi

log "building the CLI (Release)..."
build_cli

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/endpoint-serving.sh $rounds $duration (CYCLES=$cycles)"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "dotnet: $(dotnet --version)"
  echo "python: $($python --version 2>&1), xgboost $($python -c 'import xgboost; print(xgboost.__version__)'), gunicorn $($python -c 'import gunicorn; print(gunicorn.__version__)'), flask $($python -c 'import importlib.metadata as m; print(m.version("flask"))'), gevent $($python -c 'import gevent; print(gevent.__version__)' 2>/dev/null || echo missing)"
  echo "wrk: $($wrk -v 2>&1 | head -n1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

# --- model and server --------------------------------------------------------------------------------------------------
log "training the 100-tree model..."
$python "$helper" model "$work"
body="$work/body.csv"
cp "$body" "$results/body.csv"

bench_credentials
start_server "$work/data"

endpoint=bench-xgb
log "deploying $endpoint..."
port="$($python "$helper" deploy "$url" "$work" "$endpoint")"
log "instance of $endpoint serves on 127.0.0.1:$port"
instance_pid="$(for pid in $(descendants "$server_pid"); do
  grep -qa 'Sagebrush.Algorithms.dll' "/proc/$pid/cmdline" 2>/dev/null && [ "$(cut -d' ' -f2 "/proc/$pid/comm" 2>/dev/null)" != bwrap ] && echo "$pid"
done | tail -n1)"
[ -n "$instance_pid" ] || { log "no model-server process under the server"; exit 1; }
# The instance listens in its own network namespace (docs/hosting.md): (b) is called from inside it.
in_instance_net=(nsenter --net="/proc/$instance_pid/ns/net")

flask_port="$($python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$root/bench/serving/start-flask-baseline.sh" "$flask_port" "$work/model" 2 >"$work/flask.log" 2>&1 &
flask_pid=$!
for _ in $(seq 300); do
  curl -fsS --max-time 2 "http://127.0.0.1:$flask_port/ping" >/dev/null 2>&1 && break
  kill -0 "$flask_pid" 2>/dev/null || { cat "$work/flask.log" >&2; log "gunicorn exited"; exit 1; }
  sleep 0.1
done
log "gunicorn + flask on 127.0.0.1:$flask_port"

$python "$helper" check "$url" "$endpoint" "$body" "$port" "$flask_port" "$work" "$instance_pid"
{
  echo "instance: $(tr '\0' ' ' <"/proc/$instance_pid/cmdline")"
  echo "gunicorn: $(pgrep -af 'gunicorn' | head -n3 | tr '\n' ';')"
} >>"$results/machine.txt"

target_url() {
  case "$1" in
    a) echo "$url/endpoints/$endpoint/invocations" ;;
    b) echo "http://127.0.0.1:$port/invocations" ;;
    c) echo "http://127.0.0.1:$flask_port/invocations" ;;
  esac
}

# run_wrk TARGET THREADS CONNECTIONS SECONDS OUT: wrk's output in OUT, and in OUT.cpu the CPU seconds that the server,
# the model-server process (the instance), gunicorn (master and workers) and wrk itself used during the run.
run_wrk() {
  local headers=()
  if [ "$1" = a ]; then
    $python "$helper" sign "$url" "$endpoint" "$body" "$work/headers.txt" 2>/dev/null
    headers=("$work/headers.txt")
  fi
  local gunicorn=("$flask_pid" $(descendants "$flask_pid"))
  local before_server before_instance before_gunicorn
  before_server=$(cpu_ticks "$server_pid"); before_instance=$(cpu_ticks "$instance_pid"); before_gunicorn=$(cpu_ticks "${gunicorn[@]}")
  local where=()
  [ "$1" = b ] && where=("${in_instance_net[@]}")
  timeout $(($4 + 60)) /usr/bin/time -f '%U %S' -o "$work/wrk-time" "${where[@]}" "$wrk" -t"$2" -c"$3" -d"$4"s --timeout 10s --latency \
    -s "$root/bench/serving/invoke.lua" "$(target_url "$1")" -- "$body" "${headers[@]}" >"$5"
  if [ "$5" != /dev/null ]; then
    local ticks; ticks=$(getconf CLK_TCK)
    awk -v s=$(( $(cpu_ticks "$server_pid") - before_server )) -v i=$(( $(cpu_ticks "$instance_pid") - before_instance )) \
        -v g=$(( $(cpu_ticks "${gunicorn[@]}") - before_gunicorn )) -v t="$ticks" \
        '{ printf "server_s %.2f\ninstance_s %.2f\ngunicorn_s %.2f\nwrk_s %.2f\n", s / t, i / t, g / t, $1 + $2 }' "$work/wrk-time" >"$5.cpu"
  fi
}

for round in $(seq "$rounds"); do
  for target in $targets; do
    run_wrk "$target" 2 16 "$([ "$round" = 1 ] && echo 10 || echo 3)" /dev/null   # warm-up (longer first: JIT tiering)
    log "round $round, target $target: -t2 -c16 -d${duration}s"
    run_wrk "$target" 2 16 "$duration" "$results/wrk-r$round-$target-c16.txt"
    log "  $(grep 'Requests/sec' "$results/wrk-r$round-$target-c16.txt")"
    log "round $round, target $target: -t1 -c1 -d${duration}s"
    run_wrk "$target" 1 1 "$duration" "$results/wrk-r$round-$target-c1.txt"
    log "  $(grep 'Requests/sec' "$results/wrk-r$round-$target-c1.txt")"
  done
done
echo "load after wrk: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"

# The server's own view of the calls: ModelLatency and OverheadLatency per variant (microseconds, as SageMaker's).
dotnet "$root/artifacts/cli/sagebrush.dll" endpoints --data-dir "$work/data" --minutes 60 >"$results/sagebrush-endpoints.txt" 2>&1 || true

stop_flask
log "CreateEndpoint -> InService, $cycles cycles..."
$python "$helper" inservice "$url" "$endpoint" "$cycles" "$results"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"
cp "$work/server.log" "$results/server.log"

{
  echo '```'
  cat "$results/machine.txt"
  echo '```'
  echo
  $python "$helper" report "$results"
  echo
  echo '```'
  cat "$results/sagebrush-endpoints.txt"
  echo '```'
} | tee "$results/summary.md"
log "raw output in $results"
