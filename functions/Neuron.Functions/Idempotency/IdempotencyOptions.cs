using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Idempotency;

/// <summary>Section <c>Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key keeps answering with its run; after that the key may be reused.</summary>
    [Range(1, 24 * 30)]
    public int RetentionHours { get; set; } = 24;
}
