using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Server.Tests.Api.SageMaker.Hosting;

namespace Sagebrush.Server.Tests.Api.CloudWatch;

/// <summary>CloudWatch's GetMetricStatistics and ListMetrics through the AWS CLI agree with the calls an endpoint took.</summary>
public sealed class CloudWatchMetricsTests(HostingServerFixture server) : IClassFixture<HostingServerFixture>
{
    [Fact]
    public async Task GetMetricStatisticsCountsTheInvocationsAnEndpointTook()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        (await server.RunBoto3Async("""
            deploy("watched")
            for _ in range(3):
                error_of(lambda: invoke("watched-ep", "raise"))  # the model answers 500: an Invocation5XXError
            for _ in range(20):
                invoke("watched-ep")
            """)).EnsureSuccess();
        await server.Services.GetRequiredService<EndpointMetricsSink>().FlushAsync();
        var end = DateTimeOffset.UtcNow.AddMinutes(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        string[] dimensions = ["--dimensions", "Name=EndpointName,Value=watched-ep", "Name=VariantName,Value=AllTraffic"];

        double Total(JsonDocument answer, string statistic) =>
            answer.RootElement.GetProperty("Datapoints").EnumerateArray().Sum(p => p.GetProperty(statistic).GetDouble());

        using var invocations = JsonDocument.Parse((await server.RunCliAsync(
            ["cloudwatch", "get-metric-statistics", "--namespace", "AWS/SageMaker", "--metric-name", "Invocations", .. dimensions,
             "--start-time", start, "--end-time", end, "--period", "60", "--statistics", "Sum", "SampleCount"])).EnsureSuccess().StandardOutput);
        Assert.Equal("Invocations", invocations.RootElement.GetProperty("Label").GetString());
        Assert.Equal(23, Total(invocations, "Sum"));

        using var errors = JsonDocument.Parse((await server.RunCliAsync(
            ["cloudwatch", "get-metric-statistics", "--namespace", "AWS/SageMaker", "--metric-name", "Invocation5XXErrors", .. dimensions,
             "--start-time", start, "--end-time", end, "--period", "60", "--statistics", "Sum"])).EnsureSuccess().StandardOutput);
        Assert.Equal(3, Total(errors, "Sum"));

        using var latency = JsonDocument.Parse((await server.RunCliAsync(
            ["cloudwatch", "get-metric-statistics", "--namespace", "AWS/SageMaker", "--metric-name", "ModelLatency", .. dimensions,
             "--start-time", start, "--end-time", end, "--period", "180", "--extended-statistics", "p99"])).EnsureSuccess().StandardOutput);
        var point = Assert.Single(latency.RootElement.GetProperty("Datapoints").EnumerateArray());
        Assert.True(point.GetProperty("ExtendedStatistics").GetProperty("p99").GetDouble() > 0);
        Assert.Equal("Microseconds", point.GetProperty("Unit").GetString());

        using var listed = JsonDocument.Parse((await server.RunCliAsync(
            "cloudwatch", "list-metrics", "--namespace", "AWS/SageMaker", "--dimensions", "Name=EndpointName,Value=watched-ep")).EnsureSuccess().StandardOutput);
        var names = listed.RootElement.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("MetricName").GetString()).Order().ToList();
        Assert.Equal(EndpointMetricNames.All.Order(), names);
    }

    [Fact]
    public async Task AMetricNothingRecordedHasNoDatapointsAndBadInputIsRefused()
    {
        var window = new[] { "--start-time", "2026-01-01T00:00:00Z", "--end-time", "2026-01-01T01:00:00Z" };
        using var empty = JsonDocument.Parse((await server.RunCliAsync(
            ["cloudwatch", "get-metric-statistics", "--namespace", "Custom/App", "--metric-name", "Things", .. window, "--period", "60", "--statistics", "Sum"])).EnsureSuccess().StandardOutput);
        Assert.Empty(empty.RootElement.GetProperty("Datapoints").EnumerateArray());

        var shortPeriod = await server.RunCliAsync(["cloudwatch", "get-metric-statistics", "--namespace", "AWS/SageMaker", "--metric-name", "Invocations", .. window, "--period", "30", "--statistics", "Sum"]);
        Assert.Contains("InvalidParameterValue", shortPeriod.StandardError, StringComparison.Ordinal);
        var both = await server.RunCliAsync(["cloudwatch", "get-metric-statistics", "--namespace", "AWS/SageMaker", "--metric-name", "Invocations", .. window, "--period", "60", "--statistics", "Sum", "--extended-statistics", "p99"]);
        Assert.Contains("InvalidParameterCombination", both.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallItsClientAbandonsIsAnInvocationButNotAnError()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        (await server.RunBoto3Async("""
            impatient = boto3.client("sagemaker-runtime", endpoint_url=endpoint_url, config=Config(retries={"total_max_attempts": 1}, read_timeout=0.1))
            deploy("abandoned")
            for _ in range(3):
                try:
                    impatient.invoke_endpoint(EndpointName="abandoned-ep", Body="slow", ContentType="text/plain")
                    raise AssertionError("the 300 ms answer came within 0.1 s")
                except botocore.exceptions.ReadTimeoutError:
                    pass
            for _ in range(2):
                invoke("abandoned-ep")
            """)).EnsureSuccess();
        var end = DateTimeOffset.UtcNow.AddMinutes(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        async Task<double> SumAsync(string metric)
        {
            using var answer = JsonDocument.Parse((await server.RunCliAsync(
                ["cloudwatch", "get-metric-statistics", "--namespace", "AWS/SageMaker", "--metric-name", metric,
                 "--dimensions", "Name=EndpointName,Value=abandoned-ep", "Name=VariantName,Value=AllTraffic",
                 "--start-time", start, "--end-time", end, "--period", "60", "--statistics", "Sum"])).EnsureSuccess().StandardOutput);
            return answer.RootElement.GetProperty("Datapoints").EnumerateArray().Sum(p => p.GetProperty("Sum").GetDouble());
        }

        // An abandoned call is recorded once the server notices its client gone, which on a busy machine can come after
        // the last good call has been answered: wait for all five.
        var invocations = 0.0;
        for (var attempt = 0; attempt < 40 && invocations < 5; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            await server.Services.GetRequiredService<EndpointMetricsSink>().FlushAsync();
            invocations = await SumAsync("Invocations");
        }

        Assert.Equal(5, invocations);
        Assert.Equal(0, await SumAsync("Invocation5XXErrors"));
        Assert.Equal(0, await SumAsync("Invocation4XXErrors"));
    }
}
