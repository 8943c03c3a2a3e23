using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Burst;

/// <summary>
/// Retries an ARM call answered 409 Conflict (another operation on the same group is
/// still in flight) with exponential backoff. 429 and 5xx never reach here: Azure.Core's
/// retry policy already retries them, honouring Retry-After.
/// </summary>
public sealed class ArmConflictRetry(IOptions<BurstOptions> options, TimeProvider time, ILogger<ArmConflictRetry> logger)
{
    public async Task ExecuteAsync(string operation, string groupName, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && attempt < settings.ConflictAttempts)
            {
                var delay = settings.ConflictBaseDelay * Math.Pow(2, attempt - 1);
                logger.LogWarning(
                    "ARM {Operation} of container group {GroupName} conflicted ({ErrorCode}); attempt {Attempt} of {Attempts}, retrying in {Delay}",
                    operation, groupName, ex.ErrorCode, attempt, settings.ConflictAttempts, delay);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
