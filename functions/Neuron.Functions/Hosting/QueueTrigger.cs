namespace Neuron.Functions.Hosting;

/// <summary>One queue message as handed to a queue-triggered function, by the Functions host or the local listener.</summary>
public sealed record QueueTrigger(string MessageText, string? MessageId, int DequeueCount, DateTimeOffset? InsertionTime);
