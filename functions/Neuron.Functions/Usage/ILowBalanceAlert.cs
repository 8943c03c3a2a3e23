namespace Neuron.Functions.Usage;

/// <summary>Told once per crossing, after the charge that took a key's balance below its low-balance threshold was stored.</summary>
public interface ILowBalanceAlert
{
    Task CrossedAsync(string keyId, long balanceMicroCredits, long thresholdMicroCredits, DateTimeOffset at, CancellationToken cancellationToken);
}
