using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.AutoScaling;
using Sagebrush.Server.Tests.Api.SageMaker.Hosting;

namespace Sagebrush.Server.Tests.Api.AutoScaling;

/// <summary>A hosting server whose target tracking runs 20 times faster than AWS's: a policy's minute is 3 s.</summary>
public sealed class FastScalingFixture() : HostingFixture(useEchoServer: true)
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton(new AutoScalingOptions { TimeFactor = 20, EvaluationInterval = TimeSpan.FromMilliseconds(300) });
    }
}

/// <summary>Application Auto Scaling through boto3: a variant scales out under load and back in after it, with no failed call.</summary>
public sealed class TargetTrackingTests(FastScalingFixture server) : IClassFixture<FastScalingFixture>
{
    [Fact]
    public async Task AVariantScalesOutUnderLoadAndBackInWithActivitiesAndNoFailedCall() => (await server.RunBoto3Async("""
        from concurrent.futures import ThreadPoolExecutor
        aas = boto3.client("application-autoscaling", endpoint_url=endpoint_url, config=cfg)
        deploy("tracked")
        resource = "endpoint/tracked-ep/variant/AllTraffic"
        aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource,
            ScalableDimension="sagemaker:variant:DesiredInstanceCount", MinCapacity=1, MaxCapacity=3)
        [target] = aas.describe_scalable_targets(ServiceNamespace="sagemaker", ResourceIds=[resource])["ScalableTargets"]
        assert (target["MinCapacity"], target["MaxCapacity"]) == (1, 3), target
        policy = aas.put_scaling_policy(PolicyName="invocations", ServiceNamespace="sagemaker", ResourceId=resource,
            ScalableDimension="sagemaker:variant:DesiredInstanceCount", PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={"TargetValue": 10.0,
                "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"},
                "ScaleOutCooldown": 20, "ScaleInCooldown": 40})
        assert policy["PolicyARN"].startswith("arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:"), policy
        names = [a["AlarmName"] for a in policy["Alarms"]]
        assert names[0].startswith(f"TargetTracking-{resource}-AlarmHigh-") and names[1].startswith(f"TargetTracking-{resource}-AlarmLow-"), names

        failures = []
        def call(_):
            try:
                invoke("tracked-ep")
            except Exception as e:
                failures.append(repr(e))
        def count():
            return sm.describe_endpoint(EndpointName="tracked-ep")["ProductionVariants"][0]["CurrentInstanceCount"]
        with ThreadPoolExecutor(4) as pool:
            for _ in range(200):  # load: about 40 calls a second, bounded
                list(pool.map(call, range(4)))
                time.sleep(0.1)
                if count() == 3:
                    break
            assert count() == 3, count()
            for _ in range(20):  # the new instances take calls at once
                list(pool.map(call, range(4)))
        for _ in range(200):  # no load: back in after the scale-in cooldown
            if count() == 1 and sm.describe_endpoint(EndpointName="tracked-ep")["EndpointStatus"] == "InService":
                break
            invoke("tracked-ep") if _ % 10 == 0 else None
            time.sleep(0.1)
        assert count() == 1, count()
        assert failures == [], failures[:3]

        activities = aas.describe_scaling_activities(ServiceNamespace="sagemaker", ResourceId=resource)["ScalingActivities"]
        assert activities and all(a["StatusCode"] == "Successful" for a in activities), activities
        out = [a for a in activities if "AlarmHigh" in a["Cause"]]
        back = [a for a in activities if "AlarmLow" in a["Cause"]]
        assert out and back, activities
        assert out[-1]["Description"].startswith("Setting desired instance count to ") and "triggered policy invocations" in out[-1]["Cause"], out
        assert back[0]["Description"] == "Setting desired instance count to 1.", back

        aas.delete_scaling_policy(PolicyName="invocations", ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension="sagemaker:variant:DesiredInstanceCount")
        assert aas.describe_scaling_policies(ServiceNamespace="sagemaker", ResourceId=resource)["ScalingPolicies"] == []
        aas.deregister_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension="sagemaker:variant:DesiredInstanceCount")
        e = error_of(lambda: aas.deregister_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension="sagemaker:variant:DesiredInstanceCount"))
        assert e["Error"]["Code"] == "ObjectNotFoundException", e
        bad = error_of(lambda: aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId="endpoint/tracked-ep/variant/Nope",
            ScalableDimension="sagemaker:variant:DesiredInstanceCount", MinCapacity=1, MaxCapacity=2))
        assert bad["Error"]["Code"] == "ValidationException", bad
        """, TimeSpan.FromMinutes(3))).EnsureSuccess();
}
