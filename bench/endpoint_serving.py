"""The hosting benchmark's client side; bench/endpoint-serving.sh starts the server and wrk and calls this.

    /usr/bin/python3 bench/endpoint_serving.py model    WORKDIR                       -> WORKDIR/model/xgboost-model, body.csv
    /usr/bin/python3 bench/endpoint_serving.py deploy   URL WORKDIR ENDPOINT          -> prints the instance's port
    /usr/bin/python3 bench/endpoint_serving.py sign     URL ENDPOINT BODY HEADERS     -> HEADERS for invoke.lua
    /usr/bin/python3 bench/endpoint_serving.py check    URL ENDPOINT BODY PORT FLASK_PORT WORKDIR
    /usr/bin/python3 bench/endpoint_serving.py inservice URL ENDPOINT_CONFIG CYCLES RESULTS
    /usr/bin/python3 bench/endpoint_serving.py report   RESULTS                       -> markdown on stdout

model: a 100-tree binary:logistic booster (max_depth 6, Python xgboost) on 20,000 generated rows x 28 features,
saved with save_model as `xgboost-model` (XGBoost's binary format), and one CSV row of features as the body.
deploy: uploads model.tar.gz, CreateModel with the built-in XGBoost image, CreateEndpointConfig (one ml.m5.large
instance), CreateEndpoint, waits for InService, and finds the instance's own port in its log stream
(/aws/sagemaker/Endpoints/<endpoint>: "serving xgboost on 127.0.0.1:<port>").
sign: one real InvokeEndpoint through boto3; a before-send hook keeps the headers botocore signed, which wrk replays.
check: the same body through all three servers gives the same prediction as Python xgboost in this process.
inservice: CreateEndpoint -> first DescribeEndpoint that says InService (polled every 50 ms), then DeleteEndpoint and
wait until DescribeEndpoint says it is gone; CYCLES times with the same configuration.
"""
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.request

import boto3
from botocore.config import Config

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
BUCKET = "bench"
FEATURES = 28
POLL_S = 0.05


def clients(url):
    config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60)
    session = boto3.session.Session(region_name="us-east-1")
    return (session.client(name, endpoint_url=url, config=config) for name in ("s3", "sagemaker", "sagemaker-runtime", "logs"))


def model(workdir):
    import numpy as np
    import xgboost as xgb

    rng = np.random.default_rng(20261122)
    x = rng.normal(size=(20_000, FEATURES)).astype(np.float32)
    score = x[:, 0] - 0.8 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] + np.sin(x[:, 4]) + 0.3 * x[:, 5:10].sum(axis=1)
    y = (score + rng.normal(scale=0.5, size=len(x)) > 0).astype(np.float32)
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 6, "eta": 0.2, "seed": 1, "nthread": 1},
                        xgb.DMatrix(x, label=y), num_boost_round=100)
    assert booster.num_boosted_rounds() == 100
    os.makedirs(os.path.join(workdir, "model"), exist_ok=True)
    booster.save_model(os.path.join(workdir, "model", "xgboost-model"))
    row = rng.normal(size=FEATURES)
    with open(os.path.join(workdir, "body.csv"), "w") as f:
        f.write(",".join(f"{v:.6f}" for v in row))


def deploy(url, workdir, endpoint):
    s3, sm, _, logs = clients(url)
    s3.create_bucket(Bucket=BUCKET)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(os.path.join(workdir, "model", "xgboost-model"), arcname="xgboost-model")
    s3.put_object(Bucket=BUCKET, Key="xgb/model.tar.gz", Body=buffer.getvalue())
    sm.create_model(ModelName=endpoint, ExecutionRoleArn=ROLE,
                    PrimaryContainer={"Image": IMAGE, "ModelDataUrl": f"s3://{BUCKET}/xgb/model.tar.gz"})
    sm.create_endpoint_config(EndpointConfigName=endpoint, ProductionVariants=[{
        "VariantName": "AllTraffic", "ModelName": endpoint, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName=endpoint, EndpointConfigName=endpoint)
    wait_in_service(sm, endpoint, timeout=120)

    group = f"/aws/sagemaker/Endpoints/{endpoint}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            events = logs.filter_log_events(logGroupName=group).get("events", [])
        except logs.exceptions.ResourceNotFoundException:
            events = []  # the instance's first lines are still on their way
        for event in events:
            found = re.search(r"serving xgboost on 127\.0\.0\.1:(\d+)", event["message"])
            if found:
                print(found.group(1))
                return
        time.sleep(0.2)
    sys.exit(f"no 'serving xgboost on 127.0.0.1:<port>' line in {group}")


def wait_in_service(sm, endpoint, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        described = sm.describe_endpoint(EndpointName=endpoint)
        status = described["EndpointStatus"]
        if status == "InService":
            return
        if status == "Failed":
            sys.exit(f"endpoint {endpoint} failed: {described.get('FailureReason')}")
        time.sleep(POLL_S)
    sys.exit(f"endpoint {endpoint} not InService after {timeout} s")


def sign(url, endpoint, body_path, headers_path):
    _, _, runtime, _ = clients(url)
    sent = {}

    def keep(request, **_):
        sent.update({k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()})

    runtime.meta.events.register("before-send.sagemaker-runtime.InvokeEndpoint", keep)
    with open(body_path, "rb") as f:
        body = f.read()
    answer = runtime.invoke_endpoint(EndpointName=endpoint, Body=body, ContentType="text/csv", Accept="text/csv")
    answer["Body"].read()
    # wrk sets Host and Content-Length itself (same values: it connects to the URL botocore signed, with this body).
    with open(headers_path, "w") as f:
        for name, value in sent.items():
            if name.lower() not in ("content-length", "host"):
                f.write(f"{name}: {value}\n")
    print(f"signed headers: {', '.join(sorted(sent))}", file=sys.stderr)


def check(url, endpoint, body_path, port, flask_port, workdir, instance_pid):
    import numpy as np
    import xgboost as xgb

    _, _, runtime, _ = clients(url)
    with open(body_path, "rb") as f:
        body = f.read()
    booster = xgb.Booster(model_file=os.path.join(workdir, "model", "xgboost-model"))
    expected = float(booster.predict(xgb.DMatrix(np.array([[float(v) for v in body.decode().split(",")]])))[0])
    answers = {"(a) InvokeEndpoint": runtime.invoke_endpoint(EndpointName=endpoint, Body=body, ContentType="text/csv")["Body"].read()}
    # The instance listens in its own network namespace: curl called from inside it.
    answers["(b) model server"] = subprocess.run(
        ["nsenter", f"--net=/proc/{instance_pid}/ns/net", "curl", "-fsS", "--max-time", "10", "-H", "Content-Type: text/csv",
         "--data-binary", f"@{body_path}", f"http://127.0.0.1:{port}/invocations"], check=True, capture_output=True).stdout
    request = urllib.request.Request(f"http://127.0.0.1:{flask_port}/invocations", data=body, headers={"Content-Type": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        answers["(c) gunicorn+flask"] = response.read()
    for label, answer in answers.items():
        value = float(answer.decode().strip())
        print(f"{label}: {answer.decode().strip()} (Python xgboost: {expected!r})", file=sys.stderr)
        if abs(value - expected) > 1e-6:
            sys.exit(f"{label} answered {value}, Python xgboost says {expected}")


def inservice(url, config_name, cycles, results):
    _, sm, _, _ = clients(url)
    samples = []
    for i in range(cycles):
        name = f"inservice-{i:02d}"
        start = time.perf_counter()
        sm.create_endpoint(EndpointName=name, EndpointConfigName=config_name)
        created = time.perf_counter()
        polls = 0
        while True:
            polls += 1
            described = sm.describe_endpoint(EndpointName=name)
            if described["EndpointStatus"] == "InService":
                break
            if described["EndpointStatus"] == "Failed" or time.perf_counter() - start > 120:
                sys.exit(f"{name}: {described['EndpointStatus']} {described.get('FailureReason')}")
            time.sleep(POLL_S)
        seen = time.perf_counter()
        server = (described["LastModifiedTime"] - described["CreationTime"]).total_seconds()
        sm.delete_endpoint(EndpointName=name)
        deleting = time.perf_counter()
        while True:
            try:
                sm.describe_endpoint(EndpointName=name)
            except sm.exceptions.ClientError:
                break
            time.sleep(POLL_S)
        gone = time.perf_counter()
        sample = {"cycle": i, "create_call_s": created - start, "in_service_s": seen - start, "polls": polls,
                  "server_creation_to_last_modified_s": server, "delete_s": gone - deleting}
        samples.append(sample)
        print(json.dumps(sample), file=sys.stderr)
    with open(os.path.join(results, "inservice.json"), "w") as f:
        json.dump(samples, f, indent=1)


# --- report -----------------------------------------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(path):
    text = open(path).read()
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "75", "90", "99"):
        result["p" + pct] = milliseconds(re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M).group(1))
    requests = re.search(r"(\d+) requests in", text)
    result["requests"] = int(requests.group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: (.*)", text)
    result["non2xx"] = int(errors.group(1)) if errors else 0
    result["socket_errors"] = socket.group(1).strip() if socket else ""
    if os.path.exists(path + ".cpu"):
        for line in open(path + ".cpu"):
            name, value = line.split()
            result[name] = float(value)
    return result


TARGETS = [("a", "(a) InvokeEndpoint through the router"), ("b", "(b) model server directly"), ("c", "(c) gunicorn + flask + xgboost")]


def report(results):
    runs = {}  # (target, setting) -> [parsed]
    for name in sorted(os.listdir(results)):
        found = re.fullmatch(r"wrk-r(\d+)-([abc])-(c\d+)\.txt", name)
        if found:
            runs.setdefault((found.group(2), found.group(3)), []).append(parse_wrk(os.path.join(results, name)))
    settings = sorted({s for _, s in runs}, key=lambda s: -int(s[1:]))
    med = {}
    print("| target | connections | requests/s | p50 ms | p99 ms | rounds | requests | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for setting in settings:
        for key, label in TARGETS:
            samples = runs.get((key, setting), [])
            if not samples:
                continue
            m = {k: statistics.median(s[k] for s in samples) for k in ("rps", "p50", "p99")}
            med[(key, setting)] = m
            rps_range = f"{min(s['rps'] for s in samples):.0f}-{max(s['rps'] for s in samples):.0f}"
            print(f"| {label} | {setting[1:]} | {m['rps']:.0f} ({rps_range}) | {m['p50']:.3f} | {m['p99']:.3f} | {len(samples)} "
                  f"| {sum(s['requests'] for s in samples)} | {sum(s['non2xx'] for s in samples)} |")
    print()
    print("CPU time per request (microseconds; median over the rounds) during the measured runs:")
    print()
    print("| target | connections | server | model server (instance) | gunicorn (2 workers) | wrk | total |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for setting in settings:
        for key, label in TARGETS:
            samples = [s for s in runs.get((key, setting), []) if "server_s" in s]
            if not samples:
                continue
            per = {k: statistics.median(s[k] / s["requests"] * 1e6 for s in samples) for k in ("server_s", "instance_s", "gunicorn_s", "wrk_s")}
            shown = {"server_s": key == "a", "instance_s": key in "ab", "gunicorn_s": key == "c", "wrk_s": True}
            cells = [f"{per[k]:.0f}" if shown[k] else "-" for k in ("server_s", "instance_s", "gunicorn_s", "wrk_s")]
            total = sum(per[k] for k in per if shown[k])
            print(f"| {label} | {setting[1:]} | {' | '.join(cells)} | {total:.0f} |")
    print()
    print("Medians over the rounds; requests/s range in brackets. Ratios from the medians:")
    print()
    for setting in settings:
        a, b, c = (med.get((k, setting)) for k in "abc")
        if not (a and b and c):
            continue
        print(f"- {setting[1:]} connection(s): router overhead p50 {a['p50'] - b['p50']:+.3f} ms, p99 {a['p99'] - b['p99']:+.3f} ms "
              f"over (b); throughput (a)/(c) = {a['rps'] / c['rps']:.2f}x, (b)/(c) = {b['rps'] / c['rps']:.2f}x, (a)/(b) = {a['rps'] / b['rps']:.2f}x")
    path = os.path.join(results, "inservice.json")
    if os.path.exists(path):
        samples = json.load(open(path))
        times = [s["in_service_s"] for s in samples]
        print()
        print(f"- CreateEndpoint -> InService (client, polled every {POLL_S * 1000:.0f} ms): median {statistics.median(times):.3f} s, "
              f"min {min(times):.3f}, max {max(times):.3f} over {len(times)} cycles; CreateEndpoint call itself median "
              f"{statistics.median(s['create_call_s'] for s in samples) * 1000:.1f} ms; DeleteEndpoint -> gone median "
              f"{statistics.median(s['delete_s'] for s in samples):.3f} s")


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "model":
        model(*args)
    elif command == "deploy":
        deploy(*args)
    elif command == "sign":
        sign(*args)
    elif command == "check":
        check(*args)
    elif command == "inservice":
        inservice(args[0], args[1], int(args[2]), args[3])
    elif command == "report":
        report(*args)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
