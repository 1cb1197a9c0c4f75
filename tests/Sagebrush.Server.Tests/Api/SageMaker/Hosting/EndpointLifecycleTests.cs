namespace Sagebrush.Server.Tests.Api.SageMaker.Hosting;

/// <summary>Endpoints from CreateEndpoint to DeleteEndpoint through boto3 and the AWS CLI, serving a real process.</summary>
public sealed class EndpointLifecycleTests(HostingServerFixture server) : IClassFixture<HostingServerFixture>
{
    [Fact]
    public async Task AnEndpointGoesInServiceAndAnswersInvocations()
    {
        (await server.RunBoto3Async("""
            model("life-model", env={"GREETING": "hello"})
            config("life-config", [("AllTraffic", "life-model", 1, 1.0)])
            arn = sm.create_endpoint(EndpointName="life-ep", EndpointConfigName="life-config", Tags=[{"Key": "team", "Value": "ml"}])["EndpointArn"]
            assert arn == "arn:aws:sagemaker:us-east-1:000000000000:endpoint/life-ep", arn
            d = sm.describe_endpoint(EndpointName="life-ep")
            assert d["EndpointStatus"] in ("Creating", "InService"), d
            wait("life-ep")
            d = sm.describe_endpoint(EndpointName="life-ep")
            assert d["EndpointStatus"] == "InService" and d["EndpointConfigName"] == "life-config", d
            v = d["ProductionVariants"][0]
            assert (v["VariantName"], v["CurrentWeight"], v["DesiredWeight"], v["CurrentInstanceCount"], v["DesiredInstanceCount"]) == ("AllTraffic", 1.0, 1.0, 1, 1), v
            assert v["DeployedImages"][0]["SpecifiedImage"] == IMAGE, v
            assert "FailureReason" not in d and d["LastModifiedTime"] >= d["CreationTime"]
            out, r = invoke("life-ep", "1,2,3", Accept="application/json", CustomAttributes="trace=1")
            assert out == {"label": "life-model", "input": "1,2,3", "contentType": "text/plain", "accept": "application/json", "env": "hello"}, out
            assert r["ContentType"] == "application/json" and r["InvokedProductionVariant"] == "AllTraffic", r
            assert r["CustomAttributes"] == "seen:trace=1", r
            assert sm.list_tags(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "ml"}]
            names = [e["EndpointName"] for e in sm.list_endpoints(NameContains="life")["Endpoints"]]
            assert names == ["life-ep"], names
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task AModelThatAnswersAnErrorIsAModelErrorWithTheOriginalStatusAndMessage()
    {
        (await server.RunBoto3Async("""
            deploy("raising")
            e = error_of(lambda: rt.invoke_endpoint(EndpointName="raising-ep", Body=b"raise"))
            assert e["ResponseMetadata"]["HTTPStatusCode"] == 424, e
            assert e["Error"]["Code"] == "ModelError", e
            assert e["OriginalStatusCode"] == 500 and e["OriginalMessage"] == "ValueError: the model raised", e
            assert e["Error"]["Message"].startswith('Received server error (500) from primary with message "ValueError: the model raised". See https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/raising-ep in account 000000000000'), e
            assert e["LogStreamArn"] == "arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/Endpoints/raising-ep", e
            out, _ = invoke("raising-ep", "fine")
            assert out["input"] == "fine"
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task AModelThatCannotStartFailsTheEndpointWithItsStandardErrorInTheReason()
    {
        (await server.RunBoto3Async("""
            model("crashing-model", label="crash")
            config("crashing-config", [("AllTraffic", "crashing-model", 1, 1.0)])
            sm.create_endpoint(EndpointName="crashing-ep", EndpointConfigName="crashing-config")
            try:
                wait("crashing-ep")
                raise AssertionError("the waiter should fail on Failed")
            except botocore.exceptions.WaiterError:
                pass
            d = sm.describe_endpoint(EndpointName="crashing-ep")
            assert d["EndpointStatus"] == "Failed", d
            reason = d["FailureReason"]
            assert reason.startswith("The primary container for production variant AllTraffic did not pass the ping health check."), reason
            assert "exited with code 3" in reason and "cannot load the model: it says crash" in reason, reason
            e = error_of(lambda: rt.invoke_endpoint(EndpointName="crashing-ep", Body=b"x"))
            assert e["Error"]["Code"] == "ModelNotReadyException" and e["ResponseMetadata"]["HTTPStatusCode"] == 429, e
            e = error_of(lambda: sm.update_endpoint(EndpointName="crashing-ep", EndpointConfigName="crashing-config"))
            assert e["Error"]["Message"] == 'Cannot update failed endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/crashing-ep".', e
            sm.delete_endpoint(EndpointName="crashing-ep")
            wait("crashing-ep", "endpoint_deleted")
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task DeletingAnEndpointStopsEveryProcessAndInvokingItIsAValidationError()
    {
        (await server.RunBoto3Async("""
            deploy("deleted", instances=2)
            invoke("deleted-ep")
            print("RUNNING")
            """)).EnsureSuccess();
        var running = server.ProcessesOf("deleted-ep");
        Assert.True(running.Count >= 2, $"expected the processes of two instances, found {running.Count}");

        (await server.RunBoto3Async("""
            sm.delete_endpoint(EndpointName="deleted-ep")
            wait("deleted-ep", "endpoint_deleted")
            e = error_of(lambda: rt.invoke_endpoint(EndpointName="deleted-ep", Body=b"x"))
            assert e["Error"]["Code"] == "ValidationError", e
            assert e["Error"]["Message"] == "Endpoint deleted-ep of account 000000000000 not found.", e
            assert e["ResponseMetadata"]["HTTPStatusCode"] == 400
            e = error_of(lambda: sm.describe_endpoint(EndpointName="deleted-ep"))
            assert e["Error"]["Code"] == "ValidationException", e
            assert e["Error"]["Message"] == 'Could not find endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/deleted-ep".', e
            """)).EnsureSuccess();
        Assert.Empty(server.ProcessesOf("deleted-ep"));
        Assert.All(running, pid => Assert.False(HostingFixture.IsRunning(pid), $"process {pid} is still running"));
    }

    [Fact]
    public async Task DeletingAnEndpointThatIsStillCreatingStopsItsInstances()
    {
        (await server.RunBoto3Async("""
            model("early-model")
            config("early-config", [("AllTraffic", "early-model", 1, 1.0)])
            sm.create_endpoint(EndpointName="early-ep", EndpointConfigName="early-config")
            sm.delete_endpoint(EndpointName="early-ep")
            wait("early-ep", "endpoint_deleted")
            """)).EnsureSuccess();
        Assert.Empty(server.ProcessesOf("early-ep"));
    }

    [Fact]
    public async Task TheAwsCliCreatesInvokesAndDeletesAnEndpoint()
    {
        (await server.RunBoto3Async("""
            upload_model("cli-model/model.tar.gz", "cli")
            """)).EnsureSuccess();
        var image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
        (await server.RunCliAsync("sagemaker", "create-model", "--model-name", "cli-model", "--execution-role-arn", "arn:aws:iam::000000000000:role/SageMakerRole",
            "--primary-container", $"Image={image},ModelDataUrl=s3://models/cli-model/model.tar.gz,Environment={{SAGEMAKER_PROGRAM=inference.py}}")).EnsureSuccess();
        (await server.RunCliAsync("sagemaker", "create-endpoint-config", "--endpoint-config-name", "cli-config",
            "--production-variants", "VariantName=AllTraffic,ModelName=cli-model,InitialInstanceCount=1,InstanceType=ml.m5.large")).EnsureSuccess();
        (await server.RunCliAsync("sagemaker", "create-endpoint", "--endpoint-name", "cli-ep", "--endpoint-config-name", "cli-config")).EnsureSuccess();
        (await server.RunBoto3Async("wait('cli-ep')")).EnsureSuccess();
        var output = Path.Combine(server.DataDir, "cli-output.json");
        var invoked = await server.RunCliAsync("sagemaker-runtime", "invoke-endpoint", "--endpoint-name", "cli-ep", "--cli-binary-format", "raw-in-base64-out",
            "--content-type", "text/csv", "--body", "4,5,6", output);
        invoked.EnsureSuccess();
        Assert.Contains("\"InvokedProductionVariant\": \"AllTraffic\"", invoked.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"input\": \"4,5,6\"", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
        var described = await server.RunCliAsync("sagemaker", "describe-endpoint", "--endpoint-name", "cli-ep", "--query", "EndpointStatus", "--output", "text");
        Assert.Equal("InService", described.EnsureSuccess().StandardOutput.Trim());
        (await server.RunCliAsync("sagemaker", "delete-endpoint", "--endpoint-name", "cli-ep")).EnsureSuccess();
        (await server.RunCliAsync("sagemaker", "delete-endpoint-config", "--endpoint-config-name", "cli-config")).EnsureSuccess();
        (await server.RunCliAsync("sagemaker", "delete-model", "--model-name", "cli-model")).EnsureSuccess();
    }
}
