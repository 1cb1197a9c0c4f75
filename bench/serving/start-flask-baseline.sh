#!/usr/bin/env bash
# The hosting benchmark's baseline (c): the Python stack SageMaker's own XGBoost container serves with - gunicorn +
# flask + xgboost, 2 workers, OMP_NUM_THREADS=1, keep-alive 60 s - serving <model-dir>/xgboost-model on
# 127.0.0.1:<port>. Runs in the foreground until SIGTERM or SIGINT; poll GET /ping for readiness.
#
#   bench/serving/start-flask-baseline.sh <port> <model-dir> [workers]
#
# The container's gunicorn uses the gevent worker class; that needs Debian's python3-gevent. Without it the threaded
# gthread worker (which also keeps connections alive) is used, and the script says so on stderr.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <port> <model-dir> [workers]" >&2
  exit 2
fi
port="$1"
model_dir="$(cd "$2" && pwd)"
workers="${3:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3   # Debian's, with flask, gunicorn and xgboost

if [[ ! -f "$model_dir/xgboost-model" ]]; then
  echo "$0: no xgboost-model in $model_dir" >&2
  exit 2
fi

if "$python" -c 'import gevent' 2>/dev/null; then
  worker_class=(--worker-class gevent)
else
  echo "$0: python3-gevent is not installed; using gunicorn's gthread worker instead of the container's gevent" >&2
  worker_class=(--worker-class gthread --threads 4)
fi

export MODEL_DIR="$model_dir" OMP_NUM_THREADS=1
exec "$python" -m gunicorn \
  --bind "127.0.0.1:$port" \
  --workers "$workers" \
  "${worker_class[@]}" \
  --keep-alive 60 \
  --log-level warning \
  --chdir "$here" \
  xgboost_flask_app:app
