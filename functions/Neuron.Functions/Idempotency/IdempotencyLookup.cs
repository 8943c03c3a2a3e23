namespace Neuron.Functions.Idempotency;

/// <summary>What an <c>Idempotency-Key</c> already stands for.</summary>
public enum IdempotencyMatch
{
    /// <summary>Unused (or expired): go ahead and reserve it.</summary>
    None,
    /// <summary>Used with the same body: answer with <see cref="IdempotencyLookup.RunId"/>.</summary>
    SameRequest,
    /// <summary>Used with a different body: 422.</summary>
    DifferentRequest,
}

public sealed record IdempotencyLookup(IdempotencyMatch Match, string? RunId);
