using System.Text.RegularExpressions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Iam;

namespace Sagebrush.Core.Identity;

/// <summary>
/// STS: who is calling (GetCallerIdentity), and temporary credentials (AssumeRole of a role IAM holds,
/// GetSessionToken) that the server then accepts with their session token until they expire.
/// Not supported yet: session policies and tags (accepted, ignored), MFA, web identity and SAML federation.
/// </summary>
public sealed partial class StsService(CredentialStore credentials, IamService iam)
{
    public Caller GetCallerIdentity(string accessKeyId) => credentials.CallerOf(accessKeyId);

    public async Task<(SessionCredentials Credentials, string AssumedRoleId, string AssumedRoleArn)> AssumeRoleAsync(
        string callerAccessKeyId, string roleArn, string sessionName, int? durationSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roleArn);
        ArgumentNullException.ThrowIfNull(sessionName);
        if (sessionName.Length is < 2 or > 64 || !SessionNamePattern().IsMatch(sessionName))
        {
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }

        var caller = credentials.CallerOf(callerAccessKeyId);
        var role = await iam.FindByArnAsync(roleArn, cancellationToken)
            ?? throw new AwsException("AccessDenied", $"User: {caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        var seconds = durationSeconds ?? 3600;
        if (seconds < 900 || seconds > role.MaxSessionDuration)
        {
            throw new AwsException("ValidationError", $"The requested DurationSeconds exceeds the MaxSessionDuration set for this role (or is under 900 seconds): {seconds}.");
        }

        return await IssueAsync(role, sessionName, TimeSpan.FromSeconds(seconds), cancellationToken);
    }

    /// <summary>
    /// Credentials of a role for what runs as it (a notebook instance as its RoleArn, session <c>SageMaker</c>, as
    /// SageMaker's own sessions are named), for <paramref name="duration"/>: the service assumes the role, not a caller,
    /// so the role's MaxSessionDuration does not bound it.
    /// </summary>
    public async Task<SessionCredentials> IssueForRoleAsync(string roleArn, string sessionName, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var role = await iam.FindByArnAsync(roleArn, cancellationToken)
            ?? throw new AwsException("ValidationException", $"The role {roleArn} does not exist: create it with IAM, or name an existing one.");
        return (await IssueAsync(role, sessionName, duration, cancellationToken)).Credentials;
    }

    private async Task<(SessionCredentials Credentials, string AssumedRoleId, string AssumedRoleArn)> IssueAsync(
        IamRole role, string sessionName, TimeSpan duration, CancellationToken cancellationToken)
    {
        var assumedRoleId = role.RoleId + ":" + sessionName;
        var assumedRoleArn = $"arn:aws:sts::{credentials.Account.AccountId}:assumed-role/{role.RoleName}/{sessionName}";
        var session = await credentials.IssueAsync(new Caller(assumedRoleArn, assumedRoleId, credentials.Account.AccountId), duration, cancellationToken);
        return (session, assumedRoleId, assumedRoleArn);
    }

    /// <summary>As for an account's root user: 900 seconds to an hour, an hour by default.</summary>
    public Task<SessionCredentials> GetSessionTokenAsync(string callerAccessKeyId, int? durationSeconds, CancellationToken cancellationToken = default)
    {
        var seconds = durationSeconds ?? 3600;
        if (seconds is < 900 or > 129_600)
        {
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900 and less than or equal to 129600");
        }

        return credentials.IssueAsync(credentials.CallerOf(callerAccessKeyId), TimeSpan.FromSeconds(Math.Min(seconds, 3600)), cancellationToken);
    }

    [GeneratedRegex(@"^[\w+=,.@-]*\z")]
    private static partial Regex SessionNamePattern();
}
