using System.Diagnostics;
using System.Globalization;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// A notebook instance's ML storage volume: an ext4 file system of VolumeSizeInGB in a sparse image file
/// (<c>volume.img</c>, which takes only the space written), loop-mounted on <c>volume/</c> while the instance runs, as an
/// EBS volume is attached to a SageMaker notebook. Writing more than the volume holds fails with "No space left on
/// device", as it does there; a larger VolumeSizeInGB grows the file system (offline, before it is mounted) at the next
/// start. Where the server cannot
/// mount (not root, no loop devices, no mkfs.ext4), the volume is a plain directory with the same contents and only
/// each file bounded (the instance's log says so).
/// </summary>
public sealed class NotebookVolume(string directory)
{
    private const string Mkfs = "/usr/sbin/mkfs.ext4";
    private const string Resize = "/usr/sbin/resize2fs";
    private const string Fsck = "/usr/sbin/e2fsck";

    public string Path => System.IO.Path.Combine(directory, "volume");

    private string Image => System.IO.Path.Combine(directory, "volume.img");

    /// <summary>Whether this machine lets the server mount loop file systems.</summary>
    public static bool CanMount { get; } = Environment.IsPrivilegedProcess && File.Exists(Mkfs) && File.Exists("/dev/loop-control") && File.Exists("/usr/bin/mount") && File.Exists("/usr/sbin/losetup");

    /// <summary>Makes (first start), grows and mounts the volume; returns a note for the log when it is a plain directory.</summary>
    public async Task<string?> AttachAsync(int sizeInGB, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path);
        if (!CanMount)
        {
            return "the volume is a plain directory (mounting a file system of VolumeSizeInGB needs the server to run as root with loop devices and mkfs.ext4): only each file is bounded by its size";
        }

        var bytes = (long)sizeInGB << 30;
        if (IsMounted())
        {
            // A server that went down left it mounted; its processes are gone.
            await DetachAsync();
        }

        // The last run's file system must be gone from the kernel (a lazy unmount lets it linger while a dying process
        // still holds it) before the image is checked, grown or mounted again.
        await WaitReleasedAsync(cancellationToken);

        if (!File.Exists(Image))
        {
            SetLength(bytes);
            await RunAsync(Mkfs, ["-q", "-F", "-m", "0", "-E", "lazy_itable_init=1,lazy_journal_init=1", Image], cancellationToken);
        }
        else if (new FileInfo(Image).Length < bytes)
        {
            // Grown while unmounted: resize2fs wants a checked file system first.
            SetLength(bytes);
            // 1: e2fsck replayed the journal or fixed something, and the file system is sound.
            await RunAsync(Fsck, ["-f", "-p", Image], cancellationToken, acceptedExitCodes: [0, 1]);
            await RunAsync(Resize, ["-p", Image], cancellationToken);
        }

        // Every sandbox started while the volume is mounted gets a copy of the machine's mounts (bubblewrap binds /),
        // which would keep the file system, and its loop device, alive after the unmount. Under a shared mount of its
        // own, the volume's unmount reaches those copies (bubblewrap makes them slaves of the machine's).
        await RunAsync("/usr/bin/mount", ["--bind", Path, Path], cancellationToken);
        await RunAsync("/usr/bin/mount", ["--make-shared", Path], cancellationToken);
        await RunAsync("/usr/bin/mount", ["-o", "loop,nosuid,nodev", Image, Path], cancellationToken);
        return null;
    }

    /// <summary>Unmounts the volume (its processes have ended); the image stays for the next start.</summary>
    public async Task DetachAsync()
    {
        if (!CanMount)
        {
            return;
        }

        // A plain unmount, so that the file system is clean and its loop device released before anything checks or
        // grows the image; the instance's processes have ended, but the kernel may take a while (seconds, on a busy
        // machine) to let go of what they held.
        // The file system, then the shared bind under it.
        for (var attempt = 0; attempt < 100 && IsMounted(); attempt++)
        {
            if (!await TryRunAsync("/usr/bin/umount", [Path]))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }

        while (IsMounted())
        {
            await RunAsync("/usr/bin/umount", ["--lazy", Path], CancellationToken.None);
        }
    }

    /// <summary>Unmounts and removes the volume and its image (DeleteNotebookInstance).</summary>
    public async Task DeleteAsync()
    {
        await DetachAsync();
        if (File.Exists(Image))
        {
            File.Delete(Image);
        }
    }

    private bool IsMounted() => File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ') is { Length: > 4 } fields && Unescape(fields[4]) == Path);

    /// <summary>mountinfo writes a space, tab, newline or backslash in a path as an octal escape.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);

    /// <summary>Sparse: blocks are taken only when written.</summary>
    private void SetLength(long bytes)
    {
        using var image = new FileStream(Image, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
        image.SetLength(bytes);
    }

    /// <summary>Waits (30 s at most) until no loop device holds the image; then fails the start, saying why.</summary>
    private async Task WaitReleasedAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Image))
        {
            return;
        }

        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (string.IsNullOrWhiteSpace((await ExecuteAsync("/usr/sbin/losetup", ["-j", Image], cancellationToken)).Output))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new NotebookFailure("The notebook instance's ML storage volume is still held by its previous run's processes; start it again in a minute.");
    }

    private static async Task<bool> TryRunAsync(string program, IReadOnlyList<string> arguments) =>
        (await ExecuteAsync(program, arguments, CancellationToken.None)).ExitCode == 0;

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken, int[]? acceptedExitCodes = null)
    {
        var (exitCode, output, error) = await ExecuteAsync(program, arguments, cancellationToken);
        if (!(acceptedExitCodes ?? [0]).Contains(exitCode))
        {
            var said = (error.Trim() + " " + output.Trim()).Trim();
            throw new NotebookFailure(string.Create(CultureInfo.InvariantCulture,
                $"The notebook instance's ML storage volume could not be prepared ({System.IO.Path.GetFileName(program)} exited with code {exitCode}: {said})."));
        }
    }

    /// <summary>Runs one of the volume's tools (mount, umount, losetup, mkfs, e2fsck, resize2fs) to its end.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> ExecuteAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
