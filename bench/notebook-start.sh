#!/usr/bin/env bash
# Notebook instances, side by side in one run on one server: CreateNotebookInstance -> InService and
# StartNotebookInstance -> InService (a bare instance, and one with an OnStart script and a Git repository), against the
# floor, Debian's jupyter-notebook started by hand on this machine until GET /api answers; and the first page through
# the proxy (a presigned sign-in, then GET /tree). Prints a markdown table; results go to docs/benchmarks.md by hand.
#
#   bench/notebook-start.sh [rounds]     (default 5)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
python=/usr/bin/python3   # Debian's, with boto3
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/notebook-start-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-notebook-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

"$root/scripts/require-packages" jupyter-notebook git
log "building the CLI (Release)..."
build_cli
{
  machine_info "bench/notebook-start.sh $rounds"
  echo "jupyter-notebook: $(/usr/bin/jupyter-notebook --version)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials
start_server "$work/data"
timeout 1800 "$python" - "$url" "$work" "$rounds" <<'PY' | tee "$results/summary.md"
import base64, functools, http.client, http.server, json, os, socket, statistics, subprocess, sys, threading, time, urllib.request
import boto3
from botocore.config import Config
url, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
port = int(url.rsplit(":", 1)[1])
sm = boto3.client("sagemaker", endpoint_url=url, config=Config(retries={"max_attempts": 1}))
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"

# A Git repository on the loopback (git's dumb HTTP protocol), as a team's Git server would be.
def git(*args):
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@example.com", *args], check=True, capture_output=True)
git("init", "-q", "--bare", "-b", "main", f"{work}/repo.git")
git("clone", "-q", f"{work}/repo.git", f"{work}/repo")
open(f"{work}/repo/README.md", "w").write("bench\n")
git("-C", f"{work}/repo", "add", "README.md"); git("-C", f"{work}/repo", "commit", "-q", "-m", "one")
git("-C", f"{work}/repo", "push", "-q", "origin", "HEAD:main"); git("-C", f"{work}/repo.git", "update-server-info")
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=work))
threading.Thread(target=httpd.serve_forever, daemon=True).start()
repo = f"http://127.0.0.1:{httpd.server_port}/repo.git"
sm.create_notebook_instance_lifecycle_config(NotebookInstanceLifecycleConfigName="bench-setup",
    OnStart=[{"Content": base64.b64encode(b"#!/bin/bash\necho starting\n").decode()}])

def until(name, status):
    t0 = time.perf_counter()
    while True:
        d = sm.describe_notebook_instance(NotebookInstanceName=name)
        if d["NotebookInstanceStatus"] == status:
            return time.perf_counter() - t0
        if d["NotebookInstanceStatus"] == "Failed":
            raise SystemExit(d["FailureReason"])
        time.sleep(0.02)

def timed(call, name, status):
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0 + until(name, status)

def first_page(name):
    host = f"{name.lower()}.notebook.localhost:{port}"
    t0 = time.perf_counter()
    signed = sm.create_presigned_notebook_instance_url(NotebookInstanceName=name)["AuthorizedUrl"]
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", signed.split(host, 1)[1], headers={"Host": host})
    r = c.getresponse(); r.read()
    cookie = r.getheader("Set-Cookie").split(";", 1)[0]
    c.request("GET", "/tree", headers={"Host": host, "Cookie": cookie})
    r = c.getresponse(); body = r.read()
    assert r.status == 200 and b"Jupyter" in body, r.status
    return time.perf_counter() - t0

def bare_jupyter():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); free = s.getsockname()[1]; s.close()
    os.makedirs(f"{work}/bare", exist_ok=True)
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/jupyter-notebook", "--no-browser", "--allow-root", f"--port={free}", "--ip=127.0.0.1",
                          "--NotebookApp.token=t", f"--notebook-dir={work}/bare"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "HOME": f"{work}/bare"})
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{free}/api", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                time.sleep(0.02)
    finally:
        p.terminate(); p.wait()

rows = {k: [] for k in ("bare", "create", "start", "create+", "start+", "page")}
for i in range(rounds):
    rows["bare"].append(bare_jupyter())
    a, b = f"bench-{i}", f"bench-full-{i}"
    rows["create"].append(timed(lambda: sm.create_notebook_instance(NotebookInstanceName=a, InstanceType="ml.t3.medium", RoleArn=ROLE), a, "InService"))
    rows["create+"].append(timed(lambda: sm.create_notebook_instance(NotebookInstanceName=b, InstanceType="ml.t3.medium", RoleArn=ROLE,
                                                                        LifecycleConfigName="bench-setup", DefaultCodeRepository=repo), b, "InService"))
    rows["page"].append(first_page(a))
    for name, key in ((a, "start"), (b, "start+")):
        sm.stop_notebook_instance(NotebookInstanceName=name); until(name, "Stopped")
        rows[key].append(timed(lambda: sm.start_notebook_instance(NotebookInstanceName=name), name, "InService"))
        sm.stop_notebook_instance(NotebookInstanceName=name); until(name, "Stopped")
        sm.delete_notebook_instance(NotebookInstanceName=name)

labels = {
    "bare": "jupyter-notebook started by hand on this machine -> GET /api answers (the floor)",
    "create": "CreateNotebookInstance -> InService (bare instance)",
    "start": "StartNotebookInstance -> InService (bare instance)",
    "create+": "CreateNotebookInstance -> InService (OnStart script + Git repository cloned)",
    "start+": "StartNotebookInstance -> InService (OnStart script + Git repository pulled)",
    "page": "presigned sign-in + GET /tree through the proxy (InService instance)",
}
print(f"| what | p50 | min | max | n |")
print("|---|---|---|---|---|")
for key, label in labels.items():
    v = rows[key]
    print(f"| {label} | {statistics.median(v):.2f} s | {min(v):.2f} s | {max(v):.2f} s | {len(v)} |")
PY
