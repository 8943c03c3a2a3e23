namespace Neuron.Functions.Runs;

/// <summary>
/// What a submission's <c>callbackUrl</c> must satisfy, as far as it can be decided before any DNS look-up (the
/// webhooks' target policy implements it): null when acceptable, else why not.
/// </summary>
public interface ICallbackTargetCheck
{
    string? Refusal(Uri url);
}
