using System.CommandLine;
using Sagebrush.Core.Common;

namespace Sagebrush.Cli.Commands;

/// <summary>Options several commands share, with the same names and defaults everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Where Sagebrush keeps objects, metadata and credentials.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SAGEBRUSH_DATA_DIR") ?? SagebrushOptions.DefaultDataDir,
    };

    public static Option<string> Region() => new("--region")
    {
        Description = "The AWS region the server answers as.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SAGEBRUSH_REGION") ?? AccountSettings.DefaultRegion,
    };
}
