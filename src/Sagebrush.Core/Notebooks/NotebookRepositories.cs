using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Notebooks.Shapes;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// A notebook's Git repositories, in two halves so that nothing the notebook's own code can change ever runs on the
/// machine's network. The network half clones (first start) or fetches (later starts) a bare mirror of each repository
/// that lives outside the volume, where no notebook process can see it, and that holds no configuration but git's own
/// (a bare fetch checks nothing out, so no hook, filter or helper runs). The notebook half, in the instance's private
/// network, clones the mirror into the volume (origin set to the repository's URL) or fast-forwards the volume's clone
/// from it; the user's <c>.git/config</c> and hooks run only there, where the user's code runs anyway.
/// </summary>
internal sealed class NotebookRepositories(string gitPath)
{
    /// <summary>Where the mirrors are seen inside the sandbox (a fresh tmpfs covers /home).</summary>
    public const string MirrorsInside = "/home/git-mirrors";

    /// <summary>Git's environment for every step: no prompt, no system configuration, only the transports the step needs.</summary>
    public static Dictionary<string, string> Environment(string protocols) => new()
    {
        ["GIT_ALLOW_PROTOCOL"] = protocols,
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_ASKPASS"] = "/bin/false",
    };

    /// <summary>The network half: the mirror's clone or fetch (<paramref name="first"/>: clone).</summary>
    public IReadOnlyList<string> UpdateMirror(GitConfig repository, bool first)
    {
        var mirror = MirrorOf(repository);
        return first
            ? [gitPath, "-c", "protocol.file.allow=never", "-c", "credential.helper=", "clone", "--mirror", "--quiet", "--", repository.RepositoryUrl!, mirror]
            : [gitPath, "-c", "protocol.file.allow=never", "-c", "credential.helper=", "-C", mirror, "fetch", "--prune", "--quiet", "origin"];
    }

    /// <summary>The notebook half, first start: the volume's clone made from the mirror, its origin the repository's URL.</summary>
    public IReadOnlyList<string> CloneIntoVolume(GitConfig repository, string volumeInside)
    {
        var into = volumeInside + "/" + GitUrls.DirectoryOf(repository.RepositoryUrl!);

        // Every value is an argument of the script, never part of it: a branch name may hold anything but the few characters its pattern refuses.
        var branch = repository.Branch is null ? "" : "--branch=\"$4\" ";
        return ["/bin/sh", "-c", $"set -e; {gitPath} clone --quiet --no-hardlinks {branch}-- \"$1\" \"$2\"; {gitPath} -C \"$2\" remote set-url origin \"$3\"", "clone",
            MirrorOf(repository), into, repository.RepositoryUrl!, repository.Branch ?? ""];
    }

    /// <summary>The notebook half, later starts: the volume's clone fast-forwarded from the mirror (a clone the user changed is left as it is, and the log says why).</summary>
    public IReadOnlyList<string> PullIntoVolume(GitConfig repository, string volumeInside)
    {
        var into = volumeInside + "/" + GitUrls.DirectoryOf(repository.RepositoryUrl!);
        return ["/bin/sh", "-c", $"set -e; cd \"$1\"; {gitPath} fetch --quiet \"$2\" '+refs/heads/*:refs/remotes/origin/*'; {gitPath} merge --ff-only '@{{upstream}}'", "pull",
            into, MirrorOf(repository)];
    }

    private static string MirrorOf(GitConfig repository) => MirrorsInside + "/" + GitUrls.DirectoryOf(repository.RepositoryUrl!) + ".git";
}
