namespace Sagebrush.Core.Common;

/// <summary>Where the server keeps its state and whom it answers as.</summary>
public sealed record SagebrushOptions(string DataDir, AccountSettings Account)
{
    public static string DefaultDataDir =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sagebrush");
}
