using Sagebrush.Core.Common;
using Sagebrush.Core.Identity;

namespace Sagebrush.Server;

/// <summary>Everything the server needs to start: where to listen, where its state lives, whom it answers as.</summary>
public sealed record ServerSettings(string Host, int Port, string DataDir, AccountSettings Account, RootCredentials Credentials)
{
    public const int DefaultPort = 8780;
    public const string DefaultHost = "127.0.0.1";
}
