"""Training job platform overhead against a running Sagebrush server; bench/training-overhead.sh starts one and runs this.

    /usr/bin/python3 bench/training_overhead.py ENDPOINT WORKDIR RESULTS_DIR [JOBS]

Per job: overhead = (t_done - t_create) - the entry point's own running time, where
  t_create  client clock just before create_training_job,
  t_done    client clock when a DescribeTrainingJob response first shows a terminal status (polled every POLL_S),
  entry     end - start that train.py records with time.time() in /opt/ml/model/timing.json (read from model.tar.gz).
Client and server share one machine and one clock, so server timestamps (CreationTime, SecondaryStatusTransitions;
millisecond precision) split the same interval into phases. Jobs run one at a time (MaxConcurrentJobs does not
matter), in rounds of one job per scenario. Raw samples go to RESULTS_DIR/jobs.jsonl and baselines.json; the markdown summary goes to stdout.
"""
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import time

import boto3
from botocore.config import Config

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
BUCKET = "bench"
POLL_S = 0.025
CHANNEL_FILES = 4
CHANNEL_FILE_BYTES = 25 * 10**6  # 4 x 25 MB = 100 MB (10^6 bytes)
PHASES = ("Starting", "Downloading", "Training", "Uploading")

# The entry point records its own start as its first statement (interpreter start-up is before it, so it counts as
# platform overhead) and its end just before writing the file. It reads nothing from the channel: it only stats the
# files, so the job proves the data is there without adding read time to the entry point.
TRAIN_PY = """import time
start = time.time()
import json, os
channel = os.environ.get("SM_CHANNEL_TRAIN")
staged = sum(os.stat(os.path.join(channel, f)).st_size for f in os.listdir(channel)) if channel else 0
PRINT_LINE
end = time.time()
with open("/opt/ml/model/timing.json", "w") as f:
    json.dump({"start": start, "end": end, "staged_bytes": staged}, f)
"""

SCENARIOS = [
    # name, channel?, script prints a line?
    ("trivial", False, False),
    ("100 MB channel", True, False),
    # Control: the trivial job with one print(), to show what the log pump's flush delay costs at the end of a job.
    ("trivial + 1 log line", False, True),
]


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    endpoint, workdir, results = sys.argv[1], sys.argv[2], sys.argv[3]
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60)
    s3 = boto3.client("s3", endpoint_url=endpoint, config=config)
    sm = boto3.client("sagemaker", endpoint_url=endpoint, config=config)
    s3.create_bucket(Bucket=BUCKET)

    # The channel: 4 files of seeded random bytes, written locally (for the cp baseline) and uploaded once.
    source = os.path.join(workdir, "channel")
    os.makedirs(source, exist_ok=True)
    rng = random.Random(20261122)
    for i in range(CHANNEL_FILES):
        path = os.path.join(source, f"part-{i}.bin")
        with open(path, "wb") as f:
            f.write(rng.randbytes(CHANNEL_FILE_BYTES))
        s3.upload_file(path, BUCKET, f"data/train/part-{i}.bin")

    for name, _, prints in SCENARIOS:
        script = TRAIN_PY.replace("PRINT_LINE", 'print("hello from train.py", flush=True)' if prints else "pass")
        s3.put_object(Bucket=BUCKET, Key=f"code/{slug(name)}/sourcedir.tar.gz", Body=sourcedir(script))

    baselines = measure_baselines(workdir, source, jobs)
    with open(os.path.join(results, "baselines.json"), "w") as f:
        json.dump(baselines, f, indent=1)

    # The first job after the server starts pays for JIT compilation of the training paths: timed, kept apart.
    warm = run_job(sm, s3, "trivial", False, "warm-up")
    warm["scenario"] = "first job after server start (warm-up, not in the medians)"
    print(f"warm-up: wall {warm['wall']:.3f} s, overhead {warm['overhead']:.3f} s", file=sys.stderr)

    samples = []
    with open(os.path.join(results, "jobs.jsonl"), "w") as raw:
        raw.write(json.dumps(warm) + "\n")
        # Rounds interleave the scenarios (one job of each per round, one job at a time), so background load on a
        # shared machine falls on every scenario alike.
        for i in range(jobs):
            for name, channel, _ in SCENARIOS:
                sample = run_job(sm, s3, name, channel, f"{slug(name)}-{i}")
                samples.append(sample)
                raw.write(json.dumps(sample) + "\n")
                raw.flush()
                print(f"{name} #{i}: wall {sample['wall']:.3f} s, entry {sample['entry']:.4f} s, "
                      f"overhead {sample['overhead']:.3f} s", file=sys.stderr)
    report(samples, baselines, warm)


def slug(name):
    return "".join(c if c.isalnum() else "-" for c in name).strip("-").replace("--", "-")


def sourcedir(script):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        data = script.encode()
        info = tarfile.TarInfo("train.py")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def run_job(sm, s3, scenario, channel, job):
    code = f"s3://{BUCKET}/code/{slug(scenario)}/sourcedir.tar.gz"
    request = dict(
        TrainingJobName=job,
        AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        RoleArn=ROLE,
        HyperParameters={"sagemaker_program": json.dumps("train.py"), "sagemaker_submit_directory": json.dumps(code)},
        OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/output"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 300})
    if channel:
        request["InputDataConfig"] = [{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/data/train/", "S3DataDistributionType": "FullyReplicated"}}}]

    t_create = time.time()
    sm.create_training_job(**request)
    t_created = time.time()
    # Poll until terminal. The completion happened after the last non-terminal response was *sent* (t_before) and
    # before the first terminal response arrived (t_done); t_done - t_before is this sample's uncertainty.
    polls, t_before = 0, t_create
    deadline = t_create + 120
    while True:
        sent = time.time()
        d = sm.describe_training_job(TrainingJobName=job)
        polls += 1
        if d["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
            t_done = time.time()
            break
        if sent > deadline:
            raise SystemExit(f"{job}: still {d['TrainingJobStatus']}/{d['SecondaryStatus']} after 120 s")
        t_before = sent
        time.sleep(POLL_S)
    if d["TrainingJobStatus"] != "Completed":
        raise SystemExit(f"{job}: {d['TrainingJobStatus']}: {d.get('FailureReason')}")

    bucket, key = d["ModelArtifacts"]["S3ModelArtifacts"][len("s3://"):].split("/", 1)
    with tarfile.open(fileobj=io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()), mode="r:gz") as tar:
        timing = json.load(tar.extractfile(next(m for m in tar.getmembers() if m.name.lstrip("./") == "timing.json")))
    expected = CHANNEL_FILES * CHANNEL_FILE_BYTES if channel else 0
    if timing["staged_bytes"] != expected:
        raise SystemExit(f"{job}: the entry point saw {timing['staged_bytes']} bytes in its channel, not {expected}")

    transitions = {t["Status"]: t for t in d["SecondaryStatusTransitions"]}
    phase = {}
    for status in PHASES:
        t = transitions.get(status)
        phase[status] = (t["EndTime"] - t["StartTime"]).total_seconds() if t and "EndTime" in t else None
    completed_at = transitions["Completed"]["StartTime"].timestamp()
    entry = timing["end"] - timing["start"]
    return {
        "scenario": scenario,
        "job": job,
        "t_create": t_create,
        "t_done": t_done,
        "wall": t_done - t_create,
        "entry": entry,
        "overhead": t_done - t_create - entry,
        "create_call": t_created - t_create,
        "polls": polls,
        "uncertainty": t_done - t_before,
        "creation_time": d["CreationTime"].timestamp(),
        "training_start_time": d["TrainingStartTime"].timestamp(),
        "training_end_time": d["TrainingEndTime"].timestamp(),
        "completed_at": completed_at,
        "phases": phase,
        # Training phase minus the entry point: process start (setsid, bwrap, python start-up) and teardown.
        "training_minus_entry": phase["Training"] - entry if phase["Training"] is not None else None,
        # Create request sent -> CreationTime, and Completed written -> client saw it.
        "to_creation": d["CreationTime"].timestamp() - t_create,
        "to_seen": t_done - completed_at,
        "entry_start_after_training": timing["start"] - transitions["Training"]["StartTime"].timestamp(),
        "entry_end_to_uploading": transitions["Uploading"]["StartTime"].timestamp() - timing["end"],
    }


def timed(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, timeout=120)
        times.append(time.perf_counter() - start)
    return times


def measure_baselines(workdir, source, runs):
    sandbox = os.path.join(workdir, "sandbox")
    os.makedirs(sandbox, exist_ok=True)
    copy = os.path.join(workdir, "channel-copy")
    cp_times, rm_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["cp", "-r", source, copy], check=True, timeout=120)
        cp_times.append(time.perf_counter() - start)
        # The executor deletes the job's workspace (with its copy of the channel) before the job is Completed.
        start = time.perf_counter()
        subprocess.run(["rm", "-r", copy], check=True, timeout=120)
        rm_times.append(time.perf_counter() - start)
    bwrap = ["/usr/bin/setsid", "/usr/bin/bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
             "--tmpfs", "/opt", "--bind", sandbox, "/opt/ml", "--die-with-parent", "--unshare-uts", "--hostname", "algo-1", "--"]
    baselines = {
        "python3 -c pass": timed(["/usr/bin/python3", "-c", "pass"], runs),
        "setsid bwrap (round 1's options) python3 -c pass": timed(bwrap + ["/usr/bin/python3", "-c", "pass"], runs),
        "setsid bwrap (round 1's options) /bin/true": timed(bwrap + ["/bin/true"], runs),
        "cp -r of the 100 MB channel (4 files)": cp_times,
        "rm -r of that copy": rm_times,
    }
    if os.geteuid() == 0:
        baselines.update(hardened_baselines(sandbox, runs))
    return baselines


def hardened_baselines(sandbox, runs):
    """The hardened launcher's pieces by hand (root only): a network namespace, then the whole confined command."""
    netns = ["/usr/bin/unshare", "--net", "--", "/bin/sh", "-c", "ip link set lo up"]
    holder = subprocess.Popen(["/usr/bin/unshare", "--net", "--", "/bin/sh", "-c", "ip link set lo up && echo ready && exec sleep infinity"],
                              stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        os.chown(sandbox, 200000, 200000)
        os.chmod(sandbox, 0o700)
        hardened = ["/usr/bin/setsid", "/usr/bin/nsenter", f"--net=/proc/{holder.pid}/ns/net", "--",
                    "/usr/bin/bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--perms", "1777",
                    "--size", "1073741824", "--tmpfs", "/tmp", "--tmpfs", "/opt", "--bind", sandbox, "/opt/ml",
                    "--die-with-parent", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "algo-1",
                    "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
                    "--cap-add", "CAP_DAC_OVERRIDE", "--",
                    "/usr/bin/setpriv", "--reuid=200000", "--regid=200000", "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs", "--", "/usr/bin/prlimit", "--fsize=1073741824", "--"]
        return {
            "a network namespace (unshare --net, lo up)": timed(netns, runs),
            "hardened sandbox (nsenter, bwrap, setpriv, prlimit) python3 -c pass": timed(hardened + ["/usr/bin/python3", "-c", "pass"], runs),
            "hardened sandbox /bin/true": timed(hardened + ["/bin/true"], runs),
        }
    finally:
        holder.kill()
        holder.wait()


def fmt(seconds):
    return f"{seconds:.3f}"


def report(samples, baselines, warm):
    print("| scenario | N | wall median s | entry point median s | overhead median s | overhead min s | overhead max s "
          "| Starting | Downloading | Training | Uploading | Completed → seen by client | poll window median s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, _, _ in SCENARIOS:
        rows = [s for s in samples if s["scenario"] == name]
        over = [s["overhead"] for s in rows]
        cells = [name, str(len(rows)), fmt(median([s["wall"] for s in rows])), f"{median([s['entry'] for s in rows]):.4f}",
                 f"**{fmt(median(over))}**", fmt(min(over)), fmt(max(over))]
        cells += [fmt(median([s["phases"][p] for s in rows if s["phases"][p] is not None])) for p in PHASES]
        cells += [fmt(median([s["to_seen"] for s in rows])), fmt(median([s["uncertainty"] for s in rows]))]
        print("| " + " | ".join(cells) + " |")
    print()
    print("Inside the phases (medians, seconds): create request sent → CreationTime; Training start → entry point's first "
          "statement; entry point's last statement → Uploading; Training phase − entry point.")
    print()
    print("| scenario | create call | → CreationTime | Training → entry start | entry end → Uploading | Training − entry |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, _, _ in SCENARIOS:
        rows = [s for s in samples if s["scenario"] == name]
        print("| " + " | ".join([name] + [fmt(median([s[k] for s in rows])) for k in
                                          ("create_call", "to_creation", "entry_start_after_training",
                                           "entry_end_to_uploading", "training_minus_entry")]) + " |")
    print()
    print("| baseline (same machine, same run) | N | median s | min s | max s |")
    print("|---|---:|---:|---:|---:|")
    for name, times in baselines.items():
        print(f"| {name} | {len(times)} | {fmt(median(times))} | {fmt(min(times))} | {fmt(max(times))} |")
    print()
    print(f"Warm-up (the first job after the server started, trivial, not in the medians): wall {fmt(warm['wall'])} s, "
          f"overhead {fmt(warm['overhead'])} s; phases " + ", ".join(f"{p} {fmt(warm['phases'][p])}" for p in PHASES)
          + f"; create call {fmt(warm['create_call'])} s.")


if __name__ == "__main__":
    main()
