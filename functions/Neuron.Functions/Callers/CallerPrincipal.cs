using System.Security.Claims;

namespace Neuron.Functions.Callers;

/// <summary>The authenticated caller as <see cref="HttpContext.User"/>: its claims name the key, <see cref="Caller"/> carries the key's record.</summary>
public sealed class CallerPrincipal(CallerIdentity caller)
    : ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller.Id), new Claim("kind", caller.ApiKey?.Kind ?? caller.Kind)], ApiKeyAuthentication.Scheme))
{
    public CallerIdentity Caller { get; } = caller;
}
