using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Tests.Compute;

public sealed class SandboxArgumentsTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sagebrush-args-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public void AJobsUserDropsEveryCapabilityBeforeTheCommandRuns()
    {
        var arguments = Build(Launch() with { User = new SandboxUser(200123, 200123) });

        var separator = arguments.IndexOf("--");
        Assert.Equal(["/usr/bin/setpriv", "--reuid=200123", "--regid=200123", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"],
            arguments.Skip(separator + 1).Take(8));
        Assert.Equal(["python3", "train.py"], arguments.TakeLast(2));
    }

    [Fact]
    public void TheDataDirectoryIsCoveredAndTheVolumeBoundsTmpAndFileSizes()
    {
        var data = Directory.CreateDirectory("/var/tmp/sagebrush-args-" + Guid.NewGuid().ToString("N"));
        try
        {
            var arguments = Build(Launch() with { Resources = new HostResources(2, 8L << 30, 1024, 5L << 30) }, hidden: [data.FullName]);

            Assert.Contains("--tmpfs " + data.FullName, string.Join(' ', arguments), StringComparison.Ordinal);
            Assert.Contains("--perms 1777 --size 5368709120 --tmpfs /tmp", string.Join(' ', arguments), StringComparison.Ordinal);
            Assert.Contains("/usr/bin/prlimit --fsize=5368709120 --", string.Join(' ', arguments), StringComparison.Ordinal);
        }
        finally
        {
            data.Delete();
        }
    }

    [Fact]
    public void AProgramUnderADirectoryOthersCannotEnterIsReachedThroughAFreshTmpfs()
    {
        // /root is 0700: the job's user could not pass through it to the program bound at its own path.
        var arguments = string.Join(' ', Build(Launch() with { ReadOnlyPaths = ["/root/checkout/bin"] }));

        Assert.Contains("--tmpfs /root", arguments, StringComparison.Ordinal);
        Assert.Contains("--perms 0755 --dir /root/checkout --ro-bind /root/checkout/bin /root/checkout/bin", arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndpointsWorkspaceIsReadOnlyAndATrainingWorkspaceWritable()
    {
        Assert.Contains($"--ro-bind {_scratch.FullName} /opt/ml", string.Join(' ', Build(Launch() with { ReadOnlyWorkspace = true })), StringComparison.Ordinal);
        Assert.Contains($"--bind {_scratch.FullName} /opt/ml", string.Join(' ', Build(Launch())), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAPrivateNetworkIsolationUnsharesTheNetwork()
    {
        Assert.Contains("--unshare-net", Build(Launch() with { NetworkIsolation = true }));
        Assert.DoesNotContain("--unshare-net", Build(Launch()));
    }

    [Fact]
    public void ANotebooksHomeAndVolumeAreBoundInAFreshHomeOverTheMachines()
    {
        var home = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "home")).FullName;
        var volume = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "volume")).FullName;
        var arguments = string.Join(' ', Build(Launch() with
        {
            CoveredPaths = ["/home"],
            Binds = [new HostBind(home, "/home/ec2-user", true), new HostBind(volume, "/home/ec2-user/SageMaker", true)],
        }));

        var covered = arguments.IndexOf("--tmpfs /home ", StringComparison.Ordinal);
        var homeBound = arguments.IndexOf($"--bind {home} /home/ec2-user ", StringComparison.Ordinal);
        var volumeBound = arguments.IndexOf($"--bind {volume} /home/ec2-user/SageMaker ", StringComparison.Ordinal);
        Assert.True(covered >= 0 && covered < homeBound && homeBound < volumeBound, arguments);
    }

    private HostLaunch Launch() =>
        new("algo-1", ["algo-1"], _scratch.FullName, _scratch.FullName, ["python3", "train.py"], new Dictionary<string, string>(), "/opt/ml/code", false, TimeSpan.FromSeconds(1));

    private static List<string> Build(HostLaunch launch, IReadOnlyList<string>? hidden = null) =>
        new SandboxArguments(new SandboxOptions { BubblewrapPath = "/usr/bin/bwrap", HiddenPaths = hidden ?? [] }, launch).Build();
}
