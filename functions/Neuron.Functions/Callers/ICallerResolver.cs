namespace Neuron.Functions.Callers;

/// <summary>
/// Turns a request into a <see cref="CallerIdentity"/>, or refuses it (401 without a valid key, 403 from a browser
/// origin the key does not allow).
/// </summary>
public interface ICallerResolver
{
    ValueTask<CallerResolution> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}
