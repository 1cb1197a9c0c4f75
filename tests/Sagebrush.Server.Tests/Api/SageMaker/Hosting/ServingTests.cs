namespace Sagebrush.Server.Tests.Api.SageMaker.Hosting;

/// <summary>
/// Endpoints serving real models with the servers Sagebrush ships: a scikit-learn model with its own inference.py
/// (Python model server) and a built-in XGBoost model (the algorithms program), checked against Python's own
/// predictions, and data capture written as SageMaker writes it.
/// </summary>
public sealed class ServingTests(ServingServerFixture server) : IClassFixture<ServingServerFixture>
{
    [Fact]
    public async Task AScikitLearnModelWithACustomInferenceScriptServesPythonsOwnPredictions()
    {
        (await server.RunBoto3Async("""
            import numpy as np, joblib, tempfile
            from sklearn.datasets import load_breast_cancer
            from sklearn.linear_model import LogisticRegression
            X, y = load_breast_cancer(return_X_y=True)
            clf = LogisticRegression(max_iter=5000).fit(X, y)
            script = (
                "import os, json, joblib, numpy as np\n"
                "def model_fn(model_dir):\n"
                "    return joblib.load(os.path.join(model_dir, 'model.joblib'))\n"
                "def input_fn(body, content_type):\n"
                "    assert content_type == 'text/csv', content_type\n"
                "    return np.array([[float(v) for v in line.split(',')] for line in body.strip().splitlines()])\n"
                "def predict_fn(data, model):\n"
                "    return model.predict_proba(data)[:, 1]\n"
                "def output_fn(prediction, accept):\n"
                "    return json.dumps({'probabilities': [float(p) for p in prediction]}), 'application/json'\n")
            work = tempfile.mkdtemp()
            joblib.dump(clf, os.path.join(work, "model.joblib"))
            with open(os.path.join(work, "inference.py"), "w") as f:
                f.write(script)
            def archive(members):
                buffer = io.BytesIO()
                with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                    for path, name in members:
                        tar.add(path, arcname=name)
                return buffer.getvalue()
            # One model carries its code in code/ of model.tar.gz, the other as the SDK uploads it: a sourcedir.tar.gz.
            s3.put_object(Bucket="models", Key="sk/with-code.tar.gz", Body=archive([(os.path.join(work, "model.joblib"), "model.joblib"), (os.path.join(work, "inference.py"), "code/inference.py")]))
            s3.put_object(Bucket="models", Key="sk/model.tar.gz", Body=archive([(os.path.join(work, "model.joblib"), "model.joblib")]))
            s3.put_object(Bucket="models", Key="sk/sourcedir.tar.gz", Body=archive([(os.path.join(work, "inference.py"), "inference.py")]))
            sm.create_model(ModelName="sk-code", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "ModelDataUrl": "s3://models/sk/with-code.tar.gz",
                            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}})
            sm.create_model(ModelName="sk-submit", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "ModelDataUrl": "s3://models/sk/model.tar.gz",
                            "Environment": {"SAGEMAKER_PROGRAM": "inference.py", "SAGEMAKER_SUBMIT_DIRECTORY": "s3://models/sk/sourcedir.tar.gz"}})
            config("sk-config", [("Code", "sk-code", 1, 1.0), ("Submit", "sk-submit", 1, 1.0)])
            endpoint("sk-ep", "sk-config")
            rows = X[:25]
            body = "\n".join(",".join(repr(float(v)) for v in row) for row in rows)
            expected = clf.predict_proba(rows)[:, 1]
            for variant in ("Code", "Submit"):
                r = rt.invoke_endpoint(EndpointName="sk-ep", Body=body, ContentType="text/csv", Accept="application/json", TargetVariant=variant)
                assert r["ContentType"] == "application/json" and r["InvokedProductionVariant"] == variant, r
                got = json.loads(r["Body"].read())["probabilities"]
                assert np.allclose(got, expected, rtol=0, atol=1e-12), (variant, got[:3], expected[:3])
            e = error_of(lambda: rt.invoke_endpoint(EndpointName="sk-ep", Body="1,2", ContentType="application/json", TargetVariant="Code"))
            assert e["Error"]["Code"] == "ModelError" and e["OriginalStatusCode"] == 500 and "AssertionError" in e["OriginalMessage"], e
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task BuiltInXGBoostPredictionsEqualPythonXGBoostsOnTheSameModel()
    {
        (await server.RunBoto3Async("""
            import numpy as np, xgboost as xgb, tempfile
            from sklearn.datasets import load_breast_cancer
            X, y = load_breast_cancer(return_X_y=True)
            booster = xgb.train({"objective": "binary:logistic", "max_depth": 3, "eta": 0.3, "seed": 1}, xgb.DMatrix(X, label=y), num_boost_round=25)
            work = tempfile.mkdtemp()
            booster.save_model(os.path.join(work, "xgboost-model"))
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                tar.add(os.path.join(work, "xgboost-model"), arcname="xgboost-model")
            s3.put_object(Bucket="models", Key="xgb/model.tar.gz", Body=buffer.getvalue())
            sm.create_model(ModelName="xgb-model", ExecutionRoleArn=ROLE, PrimaryContainer={
                "Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://models/xgb/model.tar.gz"})
            config("xgb-config", [("AllTraffic", "xgb-model", 1, 1.0)])
            endpoint("xgb-ep", "xgb-config")
            rows = X[:100]
            body = "\n".join(",".join(repr(float(v)) for v in row) for row in rows)
            r = rt.invoke_endpoint(EndpointName="xgb-ep", Body=body, ContentType="text/csv")
            text = r["Body"].read().decode()
            got = np.array([float(v) for v in text.replace("\n", ",").split(",") if v.strip()])
            expected = booster.predict(xgb.DMatrix(rows))
            assert got.shape == expected.shape, (got.shape, expected.shape, text[:200])
            assert np.allclose(got, expected, rtol=0, atol=1e-6), (got[:5], expected[:5])
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task DataCaptureWritesEveryInvocationAsSageMakersJsonLines()
    {
        (await server.RunBoto3Async("""
            import base64
            s3.create_bucket(Bucket="capture")
            script = "def model_fn(model_dir):\n    return None\ndef transform_fn(model, body, content_type, accept):\n    return body, 'text/csv'\n"
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                data = script.encode(); info = tarfile.TarInfo("code/inference.py"); info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            s3.put_object(Bucket="models", Key="cap/model.tar.gz", Body=buffer.getvalue())
            sm.create_model(ModelName="cap-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "ModelDataUrl": "s3://models/cap/model.tar.gz",
                            "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}})
            sm.create_endpoint_config(EndpointConfigName="cap-config", ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": "cap-model", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}],
                DataCaptureConfig={"EnableCapture": True, "InitialSamplingPercentage": 100, "DestinationS3Uri": "s3://capture/dc",
                                   "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
                                   "CaptureContentTypeHeader": {"CsvContentTypes": ["text/csv"]}})
            endpoint("cap-ep", "cap-config")
            d = sm.describe_endpoint(EndpointName="cap-ep")["DataCaptureConfig"]
            assert d == {"EnableCapture": True, "CaptureStatus": "Started", "CurrentSamplingPercentage": 100, "DestinationS3Uri": "s3://capture/dc"}, d
            for i in range(30):
                r = rt.invoke_endpoint(EndpointName="cap-ep", Body=f"{i},1,2", ContentType="text/csv", InferenceId=f"inf-{i}")
                assert r["Body"].read().decode() == f"{i},1,2"
            # Deleting the endpoint flushes its capture writer.
            sm.delete_endpoint(EndpointName="cap-ep")
            wait("cap-ep", "endpoint_deleted")
            keys = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket="capture", Prefix="dc/cap-ep/AllTraffic/") for o in p.get("Contents", [])]
            assert keys and all(k.endswith(".jsonl") for k in keys), keys
            lines = [json.loads(l) for k in keys for l in s3.get_object(Bucket="capture", Key=k)["Body"].read().decode().splitlines() if l.strip()]
            assert len(lines) == 30, len(lines)
            ids = sorted(l["eventMetadata"]["inferenceId"] for l in lines)
            assert ids == sorted(f"inf-{i}" for i in range(30)), ids
            first = next(l for l in lines if l["eventMetadata"]["inferenceId"] == "inf-7")
            assert first["captureData"]["endpointInput"]["data"] == "7,1,2" and first["captureData"]["endpointInput"]["encoding"] == "CSV", first
            assert first["captureData"]["endpointOutput"]["data"] == "7,1,2", first
            """)).EnsureSuccess();
    }
}
