using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Sessions;

/// <summary>
/// One active run per client session and a cooldown between runs. A session belongs to the key that uses it: its
/// entity is keyed by SHA-256 of the key id and the <c>sessionId</c>, so two keys with the same <c>sessionId</c> have
/// two sessions, and a busy answer can only name the caller's own run. The entity is updated under its ETag, so two
/// concurrent submissions of one session cannot both start a run.
/// </summary>
public sealed class SessionGate(
    StorageClients clients, StorageInitializer initializer, IRunActivity runs, IOptions<RunSessionOptions> options, TimeProvider time)
{
    private const string RowKey = "session";

    public static bool IsValidSessionId(string id) =>
        id.Length is >= 1 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Starts <paramref name="runId"/> in the session <paramref name="sessionId"/> of key <paramref name="keyId"/> (<c>key_…</c>), if it may start now.</summary>
    public async Task<SessionDecision> TryStartAsync(string keyId, string sessionId, string runId, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var table = clients.SessionsTable;
        var now = time.GetUtcNow();
        var partition = PartitionKey(keyId, sessionId);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            var e = existing.Value!;
            var activeRunId = e.GetString("ActiveRunId");
            if (activeRunId is not null && await runs.IsActiveAsync(activeRunId, cancellationToken))
                return new SessionDecision(SessionState.Busy, activeRunId, TimeSpan.FromSeconds(1));
            var last = e.GetDateTimeOffset("LastStartedAt") ?? default;
            var cooldown = TimeSpan.FromMilliseconds(options.Value.CooldownMs);
            if (now - last < cooldown)
                return new SessionDecision(SessionState.CoolingDown, null, cooldown - (now - last));
        }

        var entity = new TableEntity(partition, RowKey) { ["ActiveRunId"] = runId, ["LastStartedAt"] = now };
        try
        {
            if (existing.HasValue)
                await table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            else
                await table.AddEntityAsync(entity, cancellationToken);
            return SessionDecision.Yes;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A concurrent submission of the same session won.
            return new SessionDecision(SessionState.Busy, null, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Key ids and session ids are both restricted to characters without '\n', so the pair is unambiguous.</summary>
    private static string PartitionKey(string keyId, string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyId + "\n" + sessionId)));
}
