using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Identity;

/// <summary>
/// Every key pair the server accepts: the root pair, and the temporary credentials STS issued (AssumeRole,
/// GetSessionToken). Sessions are kept in memory for the signature check and in the metadata store, so they outlive
/// a restart until they expire; an expired session stays known (the check then says "expired", not "unknown") until
/// the next start, which forgets it.
/// </summary>
public sealed class CredentialStore(RootCredentials root, AccountSettings account, IMetadataStore metadata, TimeProvider time)
{
    private const string ResourceType = "sts-session";
    private const string GlobalRegion = "aws-global";
    private readonly ConcurrentDictionary<string, SessionCredentials> _sessions = new(StringComparer.Ordinal);

    public AccountSettings Account => account;

    public TimeProvider Time => time;

    /// <summary>The root caller: the account itself.</summary>
    public Caller RootCaller => new($"arn:aws:iam::{account.AccountId}:root", account.AccountId, account.AccountId);

    /// <summary>Loads the sessions a previous run issued that have not expired, and forgets the rest.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        foreach (var record in await metadata.ListAsync(account.AccountId, GlobalRegion, ResourceType, cancellationToken))
        {
            var session = JsonSerializer.Deserialize(record.Document, CoreJsonContext.Default.SessionCredentials)!;
            if (session.Expiration <= time.GetUtcNow())
            {
                await metadata.DeleteAsync(record.Key, cancellationToken);
            }
            else
            {
                _sessions[session.AccessKeyId] = session;
            }
        }
    }

    /// <summary>The credential of an access key, or null when the server never issued it.</summary>
    public SigningCredential? Find(string accessKeyId)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        if (accessKeyId == root.AccessKeyId)
        {
            return new SigningCredential(root.SecretAccessKey);
        }

        return _sessions.TryGetValue(accessKeyId, out var session)
            ? new SigningCredential(session.SecretAccessKey, session.SessionToken, session.Expiration)
            : null;
    }

    /// <summary>Who an access key the signature check accepted belongs to.</summary>
    public Caller CallerOf(string accessKeyId) =>
        _sessions.TryGetValue(accessKeyId, out var session) ? new Caller(session.CallerArn, session.CallerUserId, account.AccountId) : RootCaller;

    /// <summary>Issues temporary credentials for <paramref name="caller"/> valid for <paramref name="duration"/>.</summary>
    public async Task<SessionCredentials> IssueAsync(Caller caller, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow();
        var expiration = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + duration;
        var session = new SessionCredentials(
            "ASIA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
            "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(160)),
            expiration,
            caller.Arn,
            caller.UserId);
        await metadata.InsertAsync(
            new ResourceKey(account.AccountId, GlobalRegion, ResourceType, session.AccessKeyId),
            // The record's ARN is unique in the store: the session's own, not its caller's, which many sessions share
            // (a role assumed twice under one session name, every start of a notebook instance).
            $"arn:aws:sts::{account.AccountId}:session/{session.AccessKeyId}",
            JsonSerializer.Serialize(session, CoreJsonContext.Default.SessionCredentials),
            cancellationToken);
        _sessions[session.AccessKeyId] = session;
        return session;
    }
}
