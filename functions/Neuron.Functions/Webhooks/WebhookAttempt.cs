namespace Neuron.Functions.Webhooks;

/// <summary>How one delivery attempt ended: the receiver's status, or why there was none; <see cref="Refused"/> when its address may not be reached.</summary>
public sealed record WebhookAttempt(int? Status, string? Error, bool Refused = false)
{
    public bool Succeeded => Status is >= 200 and < 300;
}
