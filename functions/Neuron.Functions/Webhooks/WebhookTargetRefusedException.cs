namespace Neuron.Functions.Webhooks;

/// <summary>A receiver's address is one webhooks may not reach (<see cref="WebhookAddresses"/>): no connection was made.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
