namespace Sagebrush.Core.Compute.Files;

/// <summary>The directories jobs and instances work in (workspaces, scratch, unpacked models).</summary>
public static class WorkDirectories
{
    /// <summary>
    /// Removes a work directory and everything in it, if it is there. Links inside are removed, never followed. A
    /// leftover costs disk, not correctness (the next run of the same name starts clean), so a failure is ignored.
    /// </summary>
    public static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}
