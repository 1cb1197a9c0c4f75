namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// The unprivileged user a job's or an endpoint's processes run as: a uid and gid of their own, in no group, that
/// owns nothing outside the job's workspace. Two jobs never share one, so neither reads the other's files.
/// </summary>
public readonly record struct SandboxUser(int Uid, int Gid);

/// <summary>
/// Hands out <see cref="SandboxUser"/>s from a range no login account uses (200000 and up, as container runtimes'
/// subordinate ids do). Only a server running as root can switch to them; otherwise <see cref="Lease"/> gives null
/// and hosts run as the server's own user (with bubblewrap's user namespace, and the data directory hidden).
/// </summary>
public sealed class SandboxUsers
{
    public const int FirstId = 200_000;
    public const int Count = 65_536;

    private readonly bool[] _used = new bool[Count];
    private readonly Lock _gate = new();
    private int _next;

    public SandboxUsers(bool? canSwitchUser = null) => CanSwitchUser = canSwitchUser ?? Environment.IsPrivilegedProcess;

    /// <summary>The pool every launcher of this process shares, so a training job and an endpoint never get the same id.</summary>
    public static SandboxUsers Shared { get; } = new();

    /// <summary>Whether hosts can run as a user of their own (the server is root).</summary>
    public bool CanSwitchUser { get; }

    /// <summary>A user no other job holds, until the lease is disposed; null when users cannot be switched.</summary>
    public SandboxUserLease? Lease()
    {
        if (!CanSwitchUser)
        {
            return null;
        }

        lock (_gate)
        {
            for (var i = 0; i < Count; i++)
            {
                var slot = (_next + i) % Count;
                if (!_used[slot])
                {
                    _used[slot] = true;
                    _next = (slot + 1) % Count;
                    return new SandboxUserLease(this, new SandboxUser(FirstId + slot, FirstId + slot));
                }
            }
        }

        throw new InvalidOperationException($"All {Count} sandbox users are in use.");
    }

    internal void Release(SandboxUser user)
    {
        lock (_gate)
        {
            _used[user.Uid - FirstId] = false;
        }
    }
}

/// <summary>One <see cref="SandboxUser"/> held by one job or endpoint variant.</summary>
public sealed class SandboxUserLease(SandboxUsers owner, SandboxUser user) : IDisposable
{
    private int _disposed;

    public SandboxUser User { get; } = user;

    /// <summary>Gives a directory the server prepared (a workspace, a virtual environment) to this user, links not followed.</summary>
    public void GiveOwnership(string directory)
    {
        using var confined = Files.ConfinedDirectory.Open(directory);
        confined.ChangeOwner(User.Uid, User.Gid);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            owner.Release(User);
        }
    }
}
