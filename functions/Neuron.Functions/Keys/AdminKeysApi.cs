using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Http;
using Neuron.Functions.RateLimiting;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Keys;

/// <summary>
/// <c>POST/GET /api/admin/keys</c>, <c>DELETE /api/admin/keys/{id}</c>, <c>POST /api/admin/keys/{id}/webhook-secret</c>:
/// create (the plaintext key and its webhook secret are in that answer only), list, revoke, replace the webhook secret
/// (the new one in that answer only). Behind <see cref="KeysOptions.AdminKey"/>: 404 when none is configured, 401 for a wrong one,
/// 403 from a browser.
/// </summary>
public sealed class AdminKeysApi(ApiKeyStore store, IOptions<KeysOptions> options, IOptions<RateLimitOptions> rateLimits, TimeProvider time, ILogger<AdminKeysApi> logger)
{
    private const int MaxNameLength = 100;
    private const int MaxBodyBytes = 64 * 1024;
    /// <summary>A billion credits (Billing's ceiling; Keys does not depend on Billing).</summary>
    private const long MaxFreeMicroCredits = 1_000_000_000_000_000;

    [Function("CreateKey")]
    [Tags("Admin")]
    [EndpointSummary("Create an API key (admin key required); the answer holds the key, shown only this once.")]
    [Consumes(typeof(CreateKeyRequest), "application/json")]
    public async Task<Results<Created<KeyDocument>, ProblemHttpResult>> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/keys")] HttpRequest request, CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        if (AdminAccess.Refuse(context, options.Value) is { } refused)
            return refused;
        var body = await JsonBody.ReadAsync(context.Request, FunctionsJsonContext.Default.CreateKeyRequest, MaxBodyBytes, cancellationToken);
        if (body.Problem is not null)
            return body.Problem;
        var submitted = body.Value!;
        var errors = Validate(submitted, out var origins);
        if (errors.Count > 0)
            return Problems.BadRequest("invalid-key-request", "The key request is invalid.", new Dictionary<string, object?> { ["errors"] = errors });

        var kind = submitted.Kind!;
        var plaintext = ApiKeySecrets.NewKey(kind);
        var permits = submitted.PermitsPerMinute ?? rateLimits.Value.PermitsPerMinute;
        var key = new ApiKey
        {
            Id = ApiKeySecrets.NewId(),
            Hash = ApiKeySecrets.Hash(plaintext),
            Kind = kind,
            Name = submitted.Name!.Trim(),
            Origins = origins,
            PermitsPerMinute = permits,
            Burst = submitted.Burst ?? permits,
            DailyRunQuota = submitted.DailyRunQuota ?? options.Value.DefaultDailyRunQuota,
            MaxLimits = submitted.MaxLimits ?? new RunLimits(),
            MaxInFlight = submitted.MaxInFlight ?? options.Value.DefaultMaxInFlight,
            FreeMicroCredits = submitted.FreeMicroCredits,
            CreatedAt = time.GetUtcNow(),
        };
        var webhookSecret = ApiKeySecrets.NewWebhookSecret();
        key = key with { WebhookSecretCreatedAt = key.CreatedAt };
        await store.CreateAsync(key, webhookSecret, cancellationToken);
        logger.LogInformation("Key {KeyId} created ({Kind}, {Name}, {Origins} origin(s))", key.Id, key.Kind, key.Name, key.Origins.Count);
        return TypedResults.Created($"/api/admin/keys/{key.Id}", KeyDocument.From(key, plaintext, webhookSecret));
    }

    [Function("ListKeys")]
    [Tags("Admin")]
    [EndpointSummary("List API keys, revoked ones included (admin key required); never the keys themselves.")]
    public async Task<Results<Ok<KeyDocument[]>, ProblemHttpResult>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/keys")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (AdminAccess.Refuse(request.HttpContext, options.Value) is { } refused)
            return refused;
        var keys = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(keys.Select(k => KeyDocument.From(k)).ToArray());
    }

    [Function("RevokeKey")]
    [Tags("Admin")]
    [EndpointSummary("Revoke an API key (admin key required); effective at once on every instance.")]
    public async Task<Results<Ok<KeyDocument>, ProblemHttpResult>> RevokeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/keys/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (AdminAccess.Refuse(request.HttpContext, options.Value) is { } refused)
            return refused;
        if (!ApiKeySecrets.IsValidId(id))
            return AdminAccess.InvalidKeyId();
        var key = await store.RevokeAsync(id, time.GetUtcNow(), cancellationToken);
        if (key is null)
            return Problems.NotFound($"No key '{id}'.");
        logger.LogInformation("Key {KeyId} revoked", key.Id);
        return TypedResults.Ok(KeyDocument.From(key));
    }

    [Function("ReplaceWebhookSecret")]
    [Tags("Admin")]
    [EndpointSummary("Give a key a new webhook secret (admin key required), in place of its old one; the answer holds it, shown only this once.")]
    public async Task<Results<Ok<KeyDocument>, ProblemHttpResult>> ReplaceWebhookSecretAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/keys/{id}/webhook-secret")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (AdminAccess.Refuse(request.HttpContext, options.Value) is { } refused)
            return refused;
        if (!ApiKeySecrets.IsValidId(id))
            return AdminAccess.InvalidKeyId();
        var secret = ApiKeySecrets.NewWebhookSecret();
        var key = await store.ReplaceWebhookSecretAsync(id, secret, time.GetUtcNow(), cancellationToken);
        if (key is null)
            return Problems.NotFound($"No key '{id}'.");
        logger.LogInformation("Key {KeyId}: webhook secret replaced", key.Id);
        return TypedResults.Ok(KeyDocument.From(key, webhookSecret: secret));
    }

    private static Dictionary<string, string[]> Validate(CreateKeyRequest request, out IReadOnlyList<string> origins)
    {
        var errors = new Dictionary<string, string[]>();
        origins = [];
        if (!ApiKeyKinds.IsValid(request.Kind))
            errors["kind"] = [$"Must be '{ApiKeyKinds.Secret}' or '{ApiKeyKinds.Publishable}'."];
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > MaxNameLength || request.Name.Any(char.IsControl))
            errors["name"] = [$"Required: 1-{MaxNameLength} printable characters."];

        var requested = request.Origins ?? [];
        if (request.Kind == ApiKeyKinds.Publishable)
        {
            var normalized = requested.Select(Origins.Normalize).ToList();
            if (requested.Count is 0 or > Origins.MaxPerKey)
                errors["origins"] = [$"A publishable key needs 1-{Origins.MaxPerKey} origins."];
            else if (normalized.IndexOf(null) is var bad and >= 0)
                errors["origins"] = [$"'{Problems.Echo(requested[bad])}' is not an origin: scheme://host[:port] with http or https, no path, no wildcard."];
            else
                origins = [.. normalized.Select(o => o!).Distinct(StringComparer.Ordinal)];
        }
        else if (requested.Count > 0)
        {
            errors["origins"] = ["Secret keys are refused from browsers and take no origins; create a publishable key."];
        }

        Range(errors, "permitsPerMinute", request.PermitsPerMinute, 1_000_000);
        Range(errors, "burst", request.Burst, 1_000_000);
        Range(errors, "dailyRunQuota", request.DailyRunQuota, 100_000_000);
        Range(errors, "maxInFlight", request.MaxInFlight, KeysOptions.MaxInFlightCeiling);
        Range(errors, "maxLimits.timeMs", request.MaxLimits?.TimeMs, int.MaxValue);
        Range(errors, "maxLimits.memoryMb", request.MaxLimits?.MemoryMb, int.MaxValue);
        Range(errors, "maxLimits.outputKb", request.MaxLimits?.OutputKb, int.MaxValue);
        if (request.FreeMicroCredits is { } free && (free < 0 || free > MaxFreeMicroCredits))
            errors["freeMicroCredits"] = [$"Must be between 0 and {MaxFreeMicroCredits}."];
        return errors;
    }

    private static void Range(Dictionary<string, string[]> errors, string name, int? value, int max)
    {
        if (value is { } v && (v < 1 || v > max))
            errors[name] = [$"Must be between 1 and {max}."];
    }
}
