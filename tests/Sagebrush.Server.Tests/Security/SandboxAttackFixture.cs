using Sagebrush.Server.Tests.Api.SageMaker.Hosting;

namespace Sagebrush.Server.Tests.Security;

/// <summary>
/// A real server (Sagebrush's own model servers) whose data directory is not under /tmp, so that what a job can see of
/// it is tested where it matters: /tmp is private to each host anyway. Scripts get the hosting prelude and
/// <see cref="SandboxAttackTests.Prelude"/>.
/// </summary>
public sealed class SandboxAttackFixture() : HostingFixture(useEchoServer: false, dataDirParent: "/var/tmp");
