using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Runners;

/// <summary>The runner agents this app dispatches to (env <c>Runner__Url</c> or <c>Runner__Discovery=Table</c>, <c>Runner__Secret</c>).</summary>
public sealed class RunnerOptions : IValidatableObject
{
    public const string Section = "Runner";

    /// <summary>How the scale set's nodes are found: at <see cref="Url"/>, or in the runners table.</summary>
    public RunnerDiscovery Discovery { get; set; } = RunnerDiscovery.Url;

    /// <summary>The runner (the scale set's load balancer) with <see cref="RunnerDiscovery.Url"/>; ignored with <see cref="RunnerDiscovery.Table"/>.</summary>
    public Uri? Url { get; set; } = new("http://127.0.0.1:5080");

    /// <summary>A registered node whose heartbeat is older than this is skipped and its row deleted (nodes beat every 10 s).</summary>
    [Range(5, 3_600)]
    public int StaleSeconds { get; set; } = 30;

    /// <summary>The HMAC secret shared with the runner (UTF-8 bytes).</summary>
    [Required, MinLength(16)]
    public string Secret { get; set; } = "";

    /// <summary>Upper bound of one <c>/v1/execute</c> call, compile and run included.</summary>
    [Range(1, 600)]
    public int ExecuteTimeoutSeconds { get; set; } = 90;

    /// <summary>Bound on opening a connection to a runner; past it the run goes to the next runner.</summary>
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// With no runner listed at all (scaled to zero), how long a dispatch waits for one to come up before giving the run
    /// back to the queue. Keep ExecuteTimeoutSeconds + this below Dispatch:LeaseSeconds (150).
    /// </summary>
    [Range(0, 600)]
    public int ColdStartWaitSeconds { get; set; } = 45;

    /// <summary>How long the dispatcher uses its copy of the runners table (registered nodes, burst runners) before re-reading it.</summary>
    [Range(1, 3_600)]
    public int BurstRefreshSeconds { get; set; } = 15;

    /// <summary>How often the language list is re-read from the runner.</summary>
    [Range(1, 86_400)]
    public int LanguagesRefreshSeconds { get; set; } = 300;

    /// <summary>
    /// Longest interval between refreshes while this instance has no complete list from the runner (never reached,
    /// or a version still unknown); the retries start at <see cref="LanguagesFirstRetryMs"/> and double up to it.
    /// </summary>
    [Range(1, 3_600)]
    public int LanguagesRetrySeconds { get; set; } = 10;

    /// <summary>The first retry's delay: a runner that comes up after the app is noticed this quickly.</summary>
    [Range(10, 60_000)]
    public int LanguagesFirstRetryMs { get; set; } = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Discovery == RunnerDiscovery.Url && Url is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
            yield return new ValidationResult("Runner:Url must be an absolute http(s) URL (or set Runner:Discovery to Table)", [nameof(Url)]);
    }
}
