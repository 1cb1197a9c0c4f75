namespace Sagebrush.Server.Tests.Api.SageMaker.Hosting;

/// <summary>Models and endpoint configurations as records: create, describe, list, delete, and AWS's errors.</summary>
public sealed class HostingResourceTests(HostingServerFixture server) : IClassFixture<HostingServerFixture>
{
    [Fact]
    public async Task AModelIsDescribedListedTaggedAndDeletedAsSageMakerDoes()
    {
        (await server.RunBoto3Async("""
            arn = sm.create_model(ModelName="Crud-Model", ExecutionRoleArn=ROLE, EnableNetworkIsolation=True, Tags=[{"Key": "k", "Value": "v"}],
                                  PrimaryContainer={"Image": IMAGE, "ModelDataUrl": "s3://models/m.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}})["ModelArn"]
            assert arn == "arn:aws:sagemaker:us-east-1:000000000000:model/crud-model", arn
            d = sm.describe_model(ModelName="Crud-Model")
            assert d["ModelName"] == "Crud-Model" and d["ModelArn"] == arn and d["ExecutionRoleArn"] == ROLE and d["EnableNetworkIsolation"] is True, d
            assert d["PrimaryContainer"] == {"Image": IMAGE, "Mode": "SingleModel", "ModelDataUrl": "s3://models/m.tar.gz", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}}, d
            assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "k", "Value": "v"}]
            e = error_of(lambda: sm.create_model(ModelName="Crud-Model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE}))
            assert e["Error"] == {"Code": "ValidationException", "Message": f'Cannot create already existing model "{arn}".'}, e["Error"]
            for i in range(12):
                sm.create_model(ModelName=f"list-model-{i:02d}", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
                time.sleep(0.002)
            pages = list(sm.get_paginator("list_models").paginate(NameContains="list-model", PaginationConfig={"PageSize": 5}))
            names = [m["ModelName"] for p in pages for m in p["Models"]]
            assert len(pages) == 3 and names == [f"list-model-{i:02d}" for i in reversed(range(12))], names
            asc = [m["ModelName"] for m in sm.list_models(NameContains="list-model", SortBy="Name", SortOrder="Ascending", MaxResults=3)["Models"]]
            assert asc == ["list-model-00", "list-model-01", "list-model-02"], asc
            sm.delete_model(ModelName="Crud-Model")
            e = error_of(lambda: sm.describe_model(ModelName="Crud-Model"))
            assert e["Error"] == {"Code": "ValidationException", "Message": f'Could not find model "{arn}".'}, e["Error"]
            e = error_of(lambda: sm.delete_model(ModelName="Crud-Model"))
            assert e["Error"]["Message"] == f'Could not find model "{arn}".', e
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task InvalidModelsAreRejectedWithAwsWording()
    {
        (await server.RunBoto3Async("""
            e = error_of(lambda: raw.create_model(ModelName="bad_name!", PrimaryContainer={"Image": IMAGE}))
            assert e["Error"]["Code"] == "ValidationException", e
            assert e["Error"]["Message"] == "2 validation errors detected: Value 'bad_name!' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*; Value null at 'executionRoleArn' failed to satisfy constraint: Member must not be null", e["Error"]["Message"]
            e = error_of(lambda: sm.create_model(ModelName="no-container", ExecutionRoleArn=ROLE))
            assert e["Error"]["Message"] == "Either PrimaryContainer or Containers must be specified.", e
            e = error_of(lambda: sm.create_model(ModelName="spaced-image", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "My Model:1"}))
            assert e["Error"]["Message"] == "1 validation error detected: Value 'My Model:1' at 'primaryContainer.image' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+", e
            e = error_of(lambda: sm.create_model(ModelName="other-image", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "My/Model:1"}))
            assert e["Error"]["Code"] == "ValidationException" and "not a valid image reference" in e["Error"]["Message"], e
            sm.create_model(ModelName="own-image", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "myregistry.example.com/my-model:1"})
            e = error_of(lambda: sm.create_model(ModelName="builtin-no-data", ExecutionRoleArn=ROLE,
                                                 PrimaryContainer={"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"}))
            assert "needs a ModelDataUrl" in e["Error"]["Message"], e
            e = error_of(lambda: sm.create_model(ModelName="multi", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "Mode": "MultiModel"}))
            assert "MultiModel" in e["Error"]["Message"], e
            sm.create_model(ModelName="builtin-ok", ExecutionRoleArn=ROLE,
                            PrimaryContainer={"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://models/x.tar.gz"})
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task AnEndpointConfigurationNeedsItsModelsAndIsDescribedWithDefaults()
    {
        (await server.RunBoto3Async("""
            e = error_of(lambda: config("orphan-config", [("AllTraffic", "missing-model", 1, 1.0)]))
            assert e["Error"] == {"Code": "ValidationException", "Message": 'Could not find model "arn:aws:sagemaker:us-east-1:000000000000:model/missing-model".'}, e["Error"]
            sm.create_model(ModelName="config-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
            arn = sm.create_endpoint_config(EndpointConfigName="plain-config", ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": "config-model", "InitialInstanceCount": 2, "InstanceType": "ml.m5.xlarge"}],
                DataCaptureConfig={"InitialSamplingPercentage": 50, "DestinationS3Uri": "s3://capture/x", "CaptureOptions": [{"CaptureMode": "Input"}]})["EndpointConfigArn"]
            assert arn == "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/plain-config", arn
            d = sm.describe_endpoint_config(EndpointConfigName="plain-config")
            assert d["ProductionVariants"] == [{"VariantName": "AllTraffic", "ModelName": "config-model", "InitialInstanceCount": 2, "InstanceType": "ml.m5.xlarge", "InitialVariantWeight": 1.0}], d
            assert d["DataCaptureConfig"]["EnableCapture"] is True and d["DataCaptureConfig"]["InitialSamplingPercentage"] == 50, d
            e = error_of(lambda: sm.create_endpoint_config(EndpointConfigName="plain-config", ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": "config-model", "InitialInstanceCount": 1, "InstanceType": "ml.m5.xlarge"}]))
            assert e["Error"]["Message"] == f'Cannot create already existing endpoint configuration "{arn}".', e
            e = error_of(lambda: raw.create_endpoint_config(EndpointConfigName="bad-type", ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": "config-model", "InitialInstanceCount": 0, "InstanceType": "ml.x1.huge"}]))
            m = e["Error"]["Message"]
            assert m.startswith("2 validation errors detected: Value '0' at 'productionVariants.1.member.initialInstanceCount' failed to satisfy constraint: Member must have value greater than or equal to 1; Value 'ml.x1.huge' at 'productionVariants.1.member.instanceType' failed to satisfy constraint: Member must satisfy enum value set: [ml.t2.medium, "), m
            e = error_of(lambda: sm.create_endpoint_config(EndpointConfigName="serverless", ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": "config-model", "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 1}}]))
            assert "ServerlessConfig" in e["Error"]["Message"], e
            assert [c["EndpointConfigName"] for c in sm.list_endpoint_configs(NameContains="plain")["EndpointConfigs"]] == ["plain-config"]
            sm.delete_endpoint_config(EndpointConfigName="plain-config")
            e = error_of(lambda: sm.describe_endpoint_config(EndpointConfigName="plain-config"))
            assert e["Error"]["Message"] == f'Could not find endpoint configuration "{arn}".', e
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task CreatingAnEndpointWithAnUnknownConfigOrATakenNameIsAValidationException()
    {
        (await server.RunBoto3Async("""
            e = error_of(lambda: sm.create_endpoint(EndpointName="no-config-ep", EndpointConfigName="nope"))
            assert e["Error"] == {"Code": "ValidationException", "Message": 'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/nope".'}, e["Error"]
            e = error_of(lambda: sm.describe_endpoint(EndpointName="no-config-ep"))
            assert e["Error"]["Message"] == 'Could not find endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/no-config-ep".', e
            e = error_of(lambda: sm.delete_endpoint(EndpointName="no-config-ep"))
            assert e["Error"]["Code"] == "ValidationException", e
            arn = deploy("taken")
            e = error_of(lambda: sm.create_endpoint(EndpointName="taken-ep", EndpointConfigName="taken-config"))
            assert e["Error"]["Message"] == f'Cannot create already existing endpoint "{arn}".', e
            e = error_of(lambda: sm.update_endpoint(EndpointName="taken-ep", EndpointConfigName="nope"))
            assert e["Error"]["Message"] == 'Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/nope".', e
            sm.delete_model(ModelName="taken-model")
            sm.delete_endpoint_config(EndpointConfigName="taken-config")
            out, _ = invoke("taken-ep")
            assert out["label"] == "taken-model", out
            e = error_of(lambda: rt.invoke_endpoint(EndpointName="taken-ep", Body=b"x" * (6 * 1024 * 1024 + 1)))
            assert e["Error"]["Code"] == "ValidationError" and e["Error"]["Message"].endswith("has oversize body."), e
            """)).EnsureSuccess();
    }
}
