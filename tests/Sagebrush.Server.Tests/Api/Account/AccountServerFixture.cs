using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Hosting;
using Sagebrush.Server.Tests.Api.SageMaker.Hosting;

namespace Sagebrush.Server.Tests.Api.Account;

/// <summary>
/// A real server whose endpoints run the echo model server, with the account layer's clocks short: quota requests
/// are decided after 0.6 s and the idle policy looks every 0.3 s. Scripts also get <c>quotas</c> and <c>ce</c>
/// (boto3 Service Quotas and Cost Explorer clients) and <c>sleeper(seconds)</c>: the hyperparameters of a script-mode
/// training job whose train.py sleeps that long.
/// </summary>
public sealed class AccountServerFixture() : HostingFixture(useEchoServer: true)
{
    public const string Clients = """
        quotas = boto3.client("service-quotas", endpoint_url=endpoint_url, config=cfg)
        ce = boto3.client("ce", endpoint_url=endpoint_url, config=cfg)
        def sleeper(seconds):
            code = f"import time\ntime.sleep({seconds})\n".encode()
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
                info = tarfile.TarInfo("train.py"); info.size = len(code)
                tar.addfile(info, io.BytesIO(code))
            s3.put_object(Bucket="models", Key=f"code/sleep-{seconds}.tar.gz", Body=buffer.getvalue())
            return {"sagemaker_program": '"train.py"', "sagemaker_submit_directory": f'"s3://models/code/sleep-{seconds}.tar.gz"'}

        """;

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        var hosting = services.Last(d => d.ServiceType == typeof(HostingOptions)).ImplementationInstance as HostingOptions;
        services.AddSingleton(hosting! with { IdleCheckInterval = TimeSpan.FromMilliseconds(300) });
        services.AddSingleton(new QuotaOptions { CaseOpenedAfter = TimeSpan.FromMilliseconds(200), DecidedAfter = TimeSpan.FromMilliseconds(600) });
    }
}
