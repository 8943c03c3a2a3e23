using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.RateLimiting;

/// <summary>
/// Submission rate limits (section <c>RateLimit</c>): each API key has its own policy, fixed at its creation;
/// these are the defaults for keys created without one.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 30;

    /// <summary>Bucket capacity; 0 means the same as <see cref="PermitsPerMinute"/>.</summary>
    [Range(0, 1_000_000)]
    public int Burst { get; set; }

    public RateLimitPolicy DefaultPolicy => new(PermitsPerMinute, Burst > 0 ? Burst : PermitsPerMinute);
}
