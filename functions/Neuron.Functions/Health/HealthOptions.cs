using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Health;

/// <summary>Section <c>Health</c>: how long one probe of storage and the runner answers <c>GET /api/health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>A report younger than this is served as it is; an older one triggers a new probe in the background.</summary>
    [Range(0, 60_000)]
    public int FreshForMs { get; set; } = 1_000;

    /// <summary>
    /// A report older than this is not served: the request waits for the probe. Between <see cref="FreshForMs"/> and
    /// this, the last report is served while the probe runs, so a loaded storage account never slows the health check.
    /// </summary>
    [Range(0, 600_000)]
    public int ServeStaleForMs { get; set; } = 10_000;

    /// <summary>Bound on one probe of storage and the runner.</summary>
    [Range(100, 60_000)]
    public int ProbeTimeoutMs { get; set; } = 5_000;
}
