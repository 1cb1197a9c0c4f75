"""The serving stack of SageMaker's own XGBoost container (algorithm mode), as the hosting benchmark's baseline.

Flask under gunicorn, one booster per worker process with nthread=1, text/csv rows in, predictions out as one
comma-separated line with Content-Type text/csv, as sagemaker-xgboost-container's algorithm_mode/serve.py answers
a real-time request. Started by start-flask-baseline.sh; MODEL_DIR is the directory holding xgboost-model (pickled
or saved with save_model). Only what the benchmark needs: no LIBSVM or recordio-protobuf, no selectable inference
output, no batch-transform line format.
"""
import csv
import os
import pickle

import flask
import numpy as np
import xgboost as xgb

MODEL_FILE = os.path.join(os.environ.get("MODEL_DIR", "/opt/ml/model"), "xgboost-model")


def load_booster(path):
    # As the container: a pickle first, then XGBoost's own format; one thread per worker.
    try:
        with open(path, "rb") as model_file:
            booster = pickle.load(model_file)  # noqa: S301 - the benchmark's own model
    except Exception:  # noqa: BLE001 - not a pickle
        booster = xgb.Booster()
        booster.load_model(path)
    booster.set_param("nthread", 1)
    return booster


def csv_to_dmatrix(text):
    # As the container's encoder: sniff the delimiter of the first line, empty cells are missing values.
    lines = text.split("\n")
    delimiter = csv.Sniffer().sniff(lines[0][:512]).delimiter
    delimiter = "," if delimiter.isalnum() else delimiter
    rows = [["nan" if cell == "" else cell for cell in line.split(delimiter)] for line in lines]
    return xgb.DMatrix(np.array(rows).astype(np.float64))


# gunicorn imports this module in each worker (no --preload), so each worker loads its own booster, as the
# container does in its post_worker_init hook.
booster = load_booster(MODEL_FILE)
app = flask.Flask(__name__)


@app.route("/ping", methods=["GET"])
def ping():
    return flask.Response(status=200)


@app.route("/invocations", methods=["POST"])
def invocations():
    payload = flask.request.get_data()
    if not payload:
        return flask.Response(response="", status=204)
    if (flask.request.mimetype or "") != "text/csv":
        return flask.Response(response=f"Content-type {flask.request.content_type} is not supported.", status=415)
    try:
        dmatrix = csv_to_dmatrix(payload.strip().decode("utf-8"))
    except Exception as error:  # noqa: BLE001 - the container answers 415 for any parse failure
        return flask.Response(response=f"Loading csv data failed: {error}", status=415)
    predictions = booster.predict(dmatrix, validate_features=False)
    return flask.Response(response=",".join(map(str, predictions.tolist())), status=200, mimetype="text/csv")
