namespace Sagebrush.Server.Tests.Support;

/// <summary>The checkout the tests run from, for tests of its documents and example scripts.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Find();

    public static string Examples => Path.Combine(Root, "examples");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sagebrush.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Sagebrush.slnx not found above " + AppContext.BaseDirectory);
    }
}
