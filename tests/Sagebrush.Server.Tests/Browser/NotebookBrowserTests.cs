using Microsoft.Playwright;
using Sagebrush.Server.Tests.Api.SageMaker.Notebooks;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Browser;

/// <summary>
/// A notebook instance as its user meets it: chromium opens the presigned URL, creates a notebook from Jupyter's
/// "New" menu, runs a cell that lists the buckets through boto3 and one that trains with the built-in XGBoost, and sees
/// their output; the same URL a second time is refused.
/// </summary>
[Trait("Category", "Browser")]
public sealed class NotebookBrowserTests(NotebookServerFixture server) : IClassFixture<NotebookServerFixture>
{
    private const string ListBuckets = """
        import os, boto3
        s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
        print("buckets:", sorted(b["Name"] for b in s3.list_buckets()["Buckets"]))
        """;

    private const string Train = """
        import time
        sm = boto3.client("sagemaker", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
        sm.create_training_job(
            TrainingJobName="trained-from-a-notebook",
            AlgorithmSpecification={"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
            RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
            HyperParameters={"num_round": "5", "objective": "binary:logistic"},
            InputDataConfig=[{"ChannelName": "train", "ContentType": "text/csv",
                              "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://notebook-data/train/"}}}],
            OutputDataConfig={"S3OutputPath": "s3://notebook-data/output/"},
            ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
            StoppingCondition={"MaxRuntimeInSeconds": 300})
        while (status := sm.describe_training_job(TrainingJobName="trained-from-a-notebook")["TrainingJobStatus"]) == "InProgress":
            time.sleep(0.5)
        print("training job", status)
        """;

    [SkippableFact]
    public async Task ABrowserSignsInWithThePresignedUrlCreatesANotebookAndRunsCellsAgainstThePlatform()
    {
        Skip.If(Chromium.Missing is not null, Chromium.Missing);
        var setup = await server.RunBoto3Async("""
            import random
            random.seed(5)
            s3.create_bucket(Bucket="notebook-data")
            rows = []
            for _ in range(200):
                x = [random.random() for _ in range(3)]
                rows.append(",".join([str(int(x[0] + x[1] > 1))] + [f"{v:.4f}" for v in x]))
            s3.put_object(Bucket="notebook-data", Key="train/data.csv", Body="\n".join(rows).encode())
            sm.create_notebook_instance(NotebookInstanceName="Browsed", InstanceType="ml.t3.medium", RoleArn=ROLE)
            assert settle("Browsed")["NotebookInstanceStatus"] == "InService"
            print(sm.create_presigned_notebook_instance_url(NotebookInstanceName="Browsed")["AuthorizedUrl"])
            """);
        setup.EnsureSuccess();
        var url = setup.StandardOutput.Trim().Split('\n')[^1];

        await using var chromium = await Chromium.LaunchAsync();
        var context = await chromium.Browser.NewContextAsync();
        var tree = await context.NewPageAsync();
        await tree.GotoAsync(url);
        Assert.Equal("/tree", new Uri(tree.Url).AbsolutePath);
        Assert.DoesNotContain("authToken", tree.Url, StringComparison.Ordinal);

        await tree.ClickAsync("#new-dropdown-button");
        var notebook = await tree.RunAndWaitForPopupAsync(() => tree.ClickAsync("#kernel-python3 a"));
        await notebook.WaitForSelectorAsync("#kernel_indicator_icon.kernel_idle_icon", new PageWaitForSelectorOptions { Timeout = 60_000 });

        await RunCellAsync(notebook, 0, ListBuckets);
        await Expect(notebook, "buckets: ['notebook-data']", TimeSpan.FromSeconds(60));
        await RunCellAsync(notebook, 1, Train);
        await Expect(notebook, "training job Completed", TimeSpan.FromSeconds(120));

        var stranger = await (await chromium.Browser.NewContextAsync()).NewPageAsync();
        var refused = await stranger.GotoAsync(url);
        Assert.Equal(403, refused!.Status);
        Assert.Contains("has already been used", await stranger.ContentAsync(), StringComparison.Ordinal);

        (await server.RunBoto3Async("""
            d = sm.describe_training_job(TrainingJobName="trained-from-a-notebook")
            assert d["TrainingJobStatus"] == "Completed" and d["ModelArtifacts"]["S3ModelArtifacts"].endswith("model.tar.gz"), d
            sm.stop_notebook_instance(NotebookInstanceName="Browsed")
            """)).EnsureSuccess();
    }

    /// <summary>Puts the code into the cell at <paramref name="index"/> (a new one below the last where needed) and runs it with Shift+Enter, as a user does.</summary>
    private static async Task RunCellAsync(IPage notebook, int index, string code)
    {
        await notebook.EvaluateAsync(
            """
            ([index, code]) => {
                const nb = Jupyter.notebook;
                while (nb.ncells() <= index) nb.insert_cell_below("code", nb.ncells() - 1);
                nb.get_cell(index).set_text(code);
                nb.select(index);
            }
            """,
            new object[] { index, code });
        await notebook.Locator(".cell.selected .input_area").ClickAsync();
        await notebook.Keyboard.PressAsync("Shift+Enter");
    }

    private static async Task Expect(IPage notebook, string text, TimeSpan timeout) =>
        await notebook.Locator(".output_area pre", new PageLocatorOptions { HasText = text }).First
            .WaitForAsync(new LocatorWaitForOptions { Timeout = (float)timeout.TotalMilliseconds });
}
