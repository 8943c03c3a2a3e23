using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// Section <c>Webhooks</c>: the retry schedule and the limits of a delivery. The defaults make 6 attempts over 15.5
/// minutes (retries after 30 s, 1, 2, 4 and 8 min); tests shorten them.
/// </summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>Attempts in all, the first included; after the last failed one the delivery is <c>failed</c>.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait after the first failed attempt; each further one doubles it, up to <see cref="MaxRetryDelay"/>. Whole seconds (a queue message's visibility delay).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Connecting to the receiver (the address checked after DNS).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole attempt, from connecting to the receiver's answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Plain <c>http</c> callback URLs (local stack and tests only; off by default).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Loopback receivers, 127.0.0.0/8 and ::1 (local stack and tests only; off by default). Every other private range stays refused.</summary>
    public bool AllowLoopback { get; set; }

    public bool ScheduleIsValid => MaxRetryDelay >= FirstRetryDelay && FirstRetryDelay.Ticks % TimeSpan.TicksPerSecond == 0 && ConnectTimeout <= Timeout;

    /// <summary>How long after attempt <paramref name="attempt"/> (1-based) failed the next one is made.</summary>
    public TimeSpan RetryDelay(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(FirstRetryDelay.Ticks * Math.Pow(2, attempt - 1), MaxRetryDelay.Ticks));
}
