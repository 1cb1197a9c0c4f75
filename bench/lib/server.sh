# Shared by the benchmarks: build the CLI, start one Sagebrush server on 127.0.0.1 with a free port, stop it on exit.
# Source it after setting $root and $work; it defines log, build_cli, start_server and an EXIT trap.

server_pid=""
url=""

log() { printf '%s\n' "$*" >&2; }

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

stop_server_and_clean() {
  stop_server
  if [ -n "${worktree:-}" ]; then git -C "$root" worktree remove --force "$worktree" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}

# build_cli_at COMMIT DIR: builds the CLI of another commit (a temporary git worktree) into DIR, for side-by-side runs.
build_cli_at() {
  worktree="$work/worktree-$1"
  git -C "$root" worktree add --detach "$worktree" "$1" >/dev/null 2>&1
  timeout 600 dotnet build "$worktree/src/Sagebrush.Cli/Sagebrush.Cli.csproj" -c Release -o "$2" --nologo -v quiet -clp:ErrorsOnly >&2
}
trap stop_server_and_clean EXIT
trap 'exit 130' INT TERM

build_cli() {
  timeout 600 dotnet build "$root/src/Sagebrush.Cli/Sagebrush.Cli.csproj" -c Release -o "$root/artifacts/cli" --nologo -v quiet -clp:ErrorsOnly >&2
}

# bench_credentials: a fixed key pair for the server and its clients, and nothing from the user's ~/.aws.
bench_credentials() {
  export SAGEBRUSH_ACCESS_KEY_ID="AKIABENCHMARK0000000"
  export SAGEBRUSH_SECRET_ACCESS_KEY="bench-secret-key-not-for-anything-else-000"
  export AWS_ACCESS_KEY_ID="$SAGEBRUSH_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$SAGEBRUSH_SECRET_ACCESS_KEY"
  export AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  mkdir -p "$work/aws" "$work/data"
  : >"$work/aws/config"
  export AWS_CONFIG_FILE="$work/aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/aws/config"
}

# start_server DATA_DIR [CLI_DIR]: sets server_pid and url once GET /_sagebrush/health answers (30 s at most);
# SERVER_ARGS adds server options.
# CLI_DIR defaults to this checkout's build (build_cli); stop_server stops it (the EXIT trap does too).
start_server() {
  # shellcheck disable=SC2086 # SERVER_ARGS: extra server options, word-split on purpose (--warm-spares 1)
  dotnet "${2:-$root/artifacts/cli}/sagebrush.dll" server --host 127.0.0.1 --port 0 --data-dir "$1" ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
  server_pid=$!
  url=""
  for _ in $(seq 300); do
    url="$(grep -i 'listening on' "$work/server.log" | grep -o 'http://127\.0\.0\.1:[0-9]*' | head -n1 || true)"
    if [ -n "$url" ] && curl -fsS --max-time 2 "$url/_sagebrush/health" >/dev/null 2>&1; then break; fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; log "the server exited"; exit 1; }
    url=""; sleep 0.1
  done
  [ -n "$url" ] || { cat "$work/server.log" >&2; log "the server did not answer /_sagebrush/health within 30 s"; exit 1; }
  log "server pid $server_pid at $url"
}

# machine_info COMMAND: the lines every result starts with (date, command, commit, kernel, CPU); callers add their own
# (tool versions, load) and tee them into machine.txt.
machine_info() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: $1"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm), nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
}
