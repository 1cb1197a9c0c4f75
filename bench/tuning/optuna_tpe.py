#!/usr/bin/python3
"""Optuna's TPE sampler behind a line protocol, so bench/Sagebrush.Bench.Tuning can run it on the very problems and
loop it runs Sagebrush's strategies on (one objective, evaluated in one place).

stdin, one JSON object per line; stdout answers one line per "ask":
  {"op": "study", "seed": 3, "direction": "minimize", "ranges": [{"name": "x", "type": "Continuous", "min": 0.001,
   "max": 10, "log": true}, {"name": "y", "type": "Integer", "min": 0, "max": 20, "log": false},
   {"name": "c", "type": "Categorical", "values": ["a", "b"]}]}     starts a new study (TPESampler(seed=seed), defaults)
  {"op": "ask"}                      -> {"id": 0, "params": {"x": "0.0123", "y": "4", "c": "a"}}
  {"op": "tell", "id": 0, "value": 1.5}
Values are strings, as SageMaker passes hyperparameters: floats as Python's shortest repr, integers in decimal.
"""
import json
import sys

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def suggest(trial, r):
    if r["type"] == "Continuous":
        return repr(float(trial.suggest_float(r["name"], r["min"], r["max"], log=r["log"])))
    if r["type"] == "Integer":
        return str(trial.suggest_int(r["name"], int(r["min"]), int(r["max"]), log=r["log"]))
    return trial.suggest_categorical(r["name"], r["values"])


def main():
    study, ranges, asked = None, [], {}
    for line in sys.stdin:
        msg = json.loads(line)
        op = msg["op"]
        if op == "study":
            sampler = optuna.samplers.TPESampler(seed=msg["seed"])
            study = optuna.create_study(direction=msg["direction"], sampler=sampler)
            ranges, asked = msg["ranges"], {}
        elif op == "ask":
            trial = study.ask()
            params = {r["name"]: suggest(trial, r) for r in ranges}
            asked[trial.number] = trial
            print(json.dumps({"id": trial.number, "params": params}), flush=True)
        elif op == "tell":
            study.tell(asked.pop(msg["id"]), msg["value"])
        else:
            raise SystemExit(f"unknown op {op!r}")


if __name__ == "__main__":
    main()
