using Neuron.Functions.Usage;

namespace Neuron.Functions.Billing;

/// <summary>The low-balance alert: one structured warning per crossing (also on <c>GET /api/usage</c>, <c>balance.lowBalanceSince</c>).</summary>
public sealed class LowBalanceLog(ILogger<LowBalanceLog> logger) : ILowBalanceAlert
{
    public Task CrossedAsync(string keyId, long balanceMicroCredits, long thresholdMicroCredits, DateTimeOffset at, CancellationToken cancellationToken)
    {
        logger.LogWarning("Key {KeyId} low on credits: balance {BalanceMicroCredits} micro-credits fell below its threshold of {ThresholdMicroCredits} at {CrossedAt}",
            keyId, balanceMicroCredits, thresholdMicroCredits, at);
        return Task.CompletedTask;
    }
}
