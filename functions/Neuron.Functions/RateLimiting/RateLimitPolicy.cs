namespace Neuron.Functions.RateLimiting;

/// <summary>A token bucket: <see cref="PermitsPerMinute"/> refill rate, <see cref="Burst"/> capacity.</summary>
public sealed record RateLimitPolicy(int PermitsPerMinute, int Burst)
{
    public double TokensPerSecond => PermitsPerMinute / 60.0;
}
