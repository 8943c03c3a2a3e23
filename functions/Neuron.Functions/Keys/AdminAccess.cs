using Microsoft.AspNetCore.Http.HttpResults;
using Neuron.Functions.Http;

namespace Neuron.Functions.Keys;

/// <summary>The admin endpoints' gate: the admin key (<see cref="KeysOptions.AdminKey"/>), from a server, not a browser.</summary>
public static class AdminAccess
{
    /// <summary>404 when no admin key is configured, 401 for a missing or wrong one, 403 from a browser; null when admitted.</summary>
    public static ProblemHttpResult? Refuse(HttpContext context, KeysOptions options)
    {
        if (string.IsNullOrEmpty(options.AdminKey))
            return Problems.NotFound("The admin API is off: no admin key is configured (Keys:AdminKey).");
        var presented = PresentedKey.From(context.Request);
        if (presented is null || !ApiKeySecrets.FixedTimeEquals(presented, options.AdminKey))
            return Problems.Unauthorized(context.Response, "invalid-admin-key", "Present the admin key: 'Authorization: Bearer <admin key>'.");
        if (Origins.Of(context.Request, options.PublicOrigin) is not null)
            return Problems.Forbidden("admin-key-in-browser", "The admin API is for servers and scripts, not browsers.");
        return null;
    }

    /// <summary>400 <c>invalid-key-id</c>: a key id in a path that is not shaped as one.</summary>
    public static ProblemHttpResult InvalidKeyId() =>
        Problems.BadRequest("invalid-key-id", $"A key id is '{ApiKeySecrets.IdPrefix}' and {ApiKeySecrets.IdRandomLength} letters or digits.");
}
