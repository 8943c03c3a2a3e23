using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.RateLimiting;

/// <summary>Submission rate limits (section <c>RateLimit</c>), per API key when one is presented, per client IP otherwise.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int PermitsPerMinute { get; set; } = 30;

    /// <summary>Bucket capacity; 0 means the same as <see cref="PermitsPerMinute"/>.</summary>
    [Range(0, 1_000_000)]
    public int Burst { get; set; }

    /// <summary>Take the client IP from <c>X-Forwarded-For</c>. Defaults to true under the Functions host (its front ends set it), false in local mode.</summary>
    public bool TrustForwardedFor { get; set; }

    public RateLimitPolicy DefaultPolicy => new(PermitsPerMinute, Burst > 0 ? Burst : PermitsPerMinute);
}
