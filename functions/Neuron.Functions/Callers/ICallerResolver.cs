namespace Neuron.Functions.Callers;

/// <summary>
/// Turns a request into a <see cref="CallerIdentity"/>. The seam for API keys: an implementation that looks keys up
/// may return a problem (401) instead of an identity.
/// </summary>
public interface ICallerResolver
{
    ValueTask<CallerResolution> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}
