"""The tuning scheduler's own overhead per trial, against a running server; bench/tuning-overhead.sh starts one.

    /usr/bin/python3 bench/tuning_overhead.py ENDPOINT RESULTS_DIR [TRIALS] [PARALLEL] [RUNS]

Each run is one Random tuning job (TRIALS training jobs, PARALLEL at a time) over a trivial script-mode job
(sagemaker-scikit-learn image) whose entry point only prints "loss=<value>", the value a function of its one
hyperparameter (no RandomSeed: Debian's botocore 1.29 does not know the field, and the proposals do not change
what a trial costs). From the server's timestamps (one machine, one clock, millisecond precision):
  job time      a child's CreationTime -> the time it became Completed (its last SecondaryStatusTransition's start),
  refill gap    once the first PARALLEL children are running, every later child fills the slot of the k-th child to
                end: gap = its CreationTime - that child's end. This is the scheduler's own per-trial overhead:
                noticing the end, asking the strategy, creating the next training job;
  start / end   tuning CreationTime -> first child's CreationTime, last child's end -> HyperParameterTuningEndTime;
  wall          tuning CreationTime -> HyperParameterTuningEndTime; against the sum of the job times / PARALLEL.
Raw samples go to RESULTS_DIR/tuning.jsonl; the markdown summary to stdout.
"""
import io
import json
import os
import statistics
import sys
import tarfile
import time

import boto3
from botocore.config import Config

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
BUCKET = "bench"
SCRIPT = """import json, os
x = float(json.loads(os.environ["SM_HPS"])["x"])
print(f"loss={(x - 3) ** 2:.6f}")
"""


def seconds(a, b):
    return (b - a).total_seconds()


def upload_code(s3):
    data = SCRIPT.encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("train.py")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    s3.put_object(Bucket=BUCKET, Key="tuning/sourcedir.tar.gz", Body=buffer.getvalue())
    return f"s3://{BUCKET}/tuning/sourcedir.tar.gz"


def end_of(job):
    # The moment the job became Completed in the store: the start of its last transition.
    transitions = job.get("SecondaryStatusTransitions") or []
    if transitions and transitions[-1]["Status"] in ("Completed", "Failed", "Stopped"):
        return transitions[-1]["StartTime"]
    return job.get("TrainingEndTime") or job["LastModifiedTime"]


def run(sm, code, name, trials, parallel):
    t0 = time.perf_counter()
    sm.create_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=name,
        HyperParameterTuningJobConfig={
            "Strategy": "Random",
            "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "loss"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": trials, "MaxParallelTrainingJobs": parallel},
            "ParameterRanges": {"ContinuousParameterRanges": [{"Name": "x", "MinValue": "0", "MaxValue": "10"}]},
        },
        TrainingJobDefinition={
            "StaticHyperParameters": {"sagemaker_program": json.dumps("train.py"), "sagemaker_submit_directory": json.dumps(code)},
            "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File",
                                       "MetricDefinitions": [{"Name": "loss", "Regex": "loss=([0-9.]+)"}]},
            "RoleArn": ROLE,
            "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/output"},
            "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 300},
        })
    while True:
        tuning = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
        if tuning["HyperParameterTuningJobStatus"] in ("Completed", "Failed", "Stopped"):
            break
        if time.perf_counter() - t0 > 900:
            sys.exit(f"{name} still {tuning['HyperParameterTuningJobStatus']} after 900 s")
        time.sleep(0.1)
    client_wall = time.perf_counter() - t0
    if tuning["HyperParameterTuningJobStatus"] != "Completed":
        sys.exit(f"{name}: {tuning['HyperParameterTuningJobStatus']} {tuning.get('FailureReason')}")

    summaries = []
    for page in sm.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job").paginate(HyperParameterTuningJobName=name):
        summaries.extend(page["TrainingJobSummaries"])
    jobs = [sm.describe_training_job(TrainingJobName=s["TrainingJobName"]) for s in summaries]
    jobs.sort(key=lambda j: j["CreationTime"])
    if len(jobs) != trials or any(j["TrainingJobStatus"] != "Completed" for j in jobs):
        sys.exit(f"{name}: expected {trials} Completed training jobs, got {[j['TrainingJobStatus'] for j in jobs]}")

    created = tuning["CreationTime"]
    ended = tuning["HyperParameterTuningEndTime"]
    job_times = [seconds(j["CreationTime"], end_of(j)) for j in jobs]
    ends = sorted(end_of(j) for j in jobs)
    # The k-th child to end frees the slot the (parallel + k)-th child to be created takes.
    gaps = [seconds(ends[k], jobs[parallel + k]["CreationTime"]) for k in range(trials - parallel)]
    phases = {}
    for j in jobs:
        for t in j.get("SecondaryStatusTransitions") or []:
            if "EndTime" in t:
                phases.setdefault(t["Status"], []).append(seconds(t["StartTime"], t["EndTime"]))
    return {
        "name": name,
        "trials": trials,
        "parallel": parallel,
        "client_wall_s": client_wall,
        "wall_s": seconds(created, ended),
        "sum_job_s": sum(job_times),
        "job_s": job_times,
        "gaps_s": gaps,
        "start_s": seconds(created, jobs[0]["CreationTime"]),
        "end_s": seconds(ends[-1], ended),
        "phases": {k: statistics.median(v) for k, v in phases.items()},
        "best": tuning["BestTrainingJob"]["TunedHyperParameters"],
    }


def main():
    endpoint, results = sys.argv[1], sys.argv[2]
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    parallel = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    runs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=60)
    s3 = boto3.client("s3", endpoint_url=endpoint, config=config)
    sm = boto3.client("sagemaker", endpoint_url=endpoint, config=config)
    s3.create_bucket(Bucket=BUCKET)
    code = upload_code(s3)

    # A warm-up job first: the first training jobs after a server start JIT-compile the paths.
    run(sm, code, "warm-up", 4, parallel)
    samples = []
    with open(os.path.join(results, "tuning.jsonl"), "w") as out:
        for i in range(runs):
            sample = run(sm, code, f"overhead-{i + 1}", trials, parallel)
            out.write(json.dumps(sample) + "\n")
            samples.append(sample)
            print(f"run {i + 1}: wall {sample['wall_s']:.2f} s, gaps median {statistics.median(sample['gaps_s']):.3f} s", file=sys.stderr)

    print(f"| run | trials | parallel | wall s | sum of job times s | sum / parallel s | wall - sum/parallel s | job time median s "
          f"| refill gap median s | refill gap max s | create -> first child s | last child -> end s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for i, s in enumerate(samples, 1):
        ideal = s["sum_job_s"] / s["parallel"]
        print(f"| {i} | {s['trials']} | {s['parallel']} | {s['wall_s']:.2f} | {s['sum_job_s']:.2f} | {ideal:.2f} | {s['wall_s'] - ideal:.2f} "
              f"| {statistics.median(s['job_s']):.3f} | {statistics.median(s['gaps_s']):.3f} | {max(s['gaps_s']):.3f} "
              f"| {s['start_s']:.3f} | {s['end_s']:.3f} |")
    gaps = [g for s in samples for g in s["gaps_s"]]
    print()
    print(f"All refill gaps ({len(gaps)}): median {statistics.median(gaps):.3f} s, p90 {sorted(gaps)[int(0.9 * (len(gaps) - 1))]:.3f} s, "
          f"max {max(gaps):.3f} s, min {min(gaps):.3f} s.")
    print(f"Per-trial overhead from the wall time, (wall - sum/parallel) / (trials / parallel): "
          + ", ".join(f"{(s['wall_s'] - s['sum_job_s'] / s['parallel']) / (s['trials'] / s['parallel']):.3f} s" for s in samples) + ".")
    phase_names = sorted({k for s in samples for k in s["phases"]})
    print("Median phase durations of the child jobs (s): " + ", ".join(
        f"{k} {statistics.median(s['phases'][k] for s in samples if k in s['phases']):.3f}" for k in phase_names) + ".")


if __name__ == "__main__":
    main()
