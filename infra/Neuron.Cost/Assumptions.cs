namespace Neuron.Cost;

/// <summary>
/// What the model takes from the template's defaults and this repository's measurements (README § Performance); each
/// can be replaced. Storage operations per run: read the real figure off <c>GET /api/metrics</c>
/// (<c>neuron_storage_operations_per_run</c>) and pass it with <c>--storage-ops-per-run</c>.
/// </summary>
public sealed record Assumptions
{
    public double DaysPerMonth { get; init; } = 730.0 / 24;

    // Functions (Flex Consumption, functionInstanceMemoryMB 2048).
    public double FunctionsMemoryGb { get; init; } = 2;

    /// <summary>Submit, dispatch and two polls.</summary>
    public double ExecutionsPerRun { get; init; } = 4;

    public double SecondsPerExecution { get; init; } = 0.2;

    public double StorageOpsPerRun { get; init; } = 15;

    /// <summary>SweepRuns every 10 s: one filtered query of the runs table, one queue-properties read.</summary>
    public double SweepsPerDay { get; init; } = 8_640;

    public double SweepSeconds { get; init; } = 0.1;

    public double SweepStorageOps { get; init; } = 2;

    /// <summary>ScaleBurstCapacity every minute, with burst on: queue depth, the ARM listing, the runners table.</summary>
    public double BurstTicksPerDay { get; init; } = 1_440;

    public double BurstTickSeconds { get; init; } = 0.3;

    public double BurstTickStorageOps { get; init; } = 3;

    /// <summary>Key Vault reads: the app's references when instances start, each node's secret at start.</summary>
    public double KeyVaultOpsPerMonth { get; init; } = 3_000;

    public double LogGbPerMillionRuns { get; init; } = 1.5;

    public double IdleLogGbPerMonth { get; init; } = 0.3;

    // Runners.
    public double VmCores { get; init; } = 2;

    /// <summary>The internalLoadBalancer profile's runnerMinInstances.</summary>
    public double BaselineVms { get; init; } = 1;

    /// <summary>
    /// Core-seconds per run, whole stack: Python from the 1,000-run burst (60 runs/s on 2 cores, issue 14), the others
    /// from the runner benchmark's p50 (compile and run; README § Performance).
    /// </summary>
    public IReadOnlyDictionary<string, double> CoreSecondsPerRun { get; init; } = new Dictionary<string, double>
    {
        ["python"] = 0.033,
        ["javascript"] = 0.085,
        ["c"] = 0.14,
        ["cpp"] = 0.6,
        ["java"] = 0.85,
    };

    // ACI burst groups (Burst:* defaults).
    public double AciGroupVcpu { get; init; } = 2;

    public double AciGroupGb { get; init; } = 4;

    /// <summary>CPU of one language's sandbox in a group: what a single language's runs get.</summary>
    public double AciSandboxCpu { get; init; } = 0.25;

    public double AciMaxGroups { get; init; } = 3;

    public double AciIdleMinutes { get; init; } = 10;

    /// <summary>
    /// First run after idle, until a group is listed (bicep/README.md § Cold path): the burst timer's next tick (30 s
    /// on average), ARM create with the image pulls and start (~60 s), the agent healthy (~12 s).
    /// </summary>
    public double AciColdStartSeconds { get; init; } = 100;

    /// <summary>Scale out from zero: the queue rule's 5-minute window, VM provisioning (~2 min), cloud-init (~3 min).</summary>
    public double VmScaleOutMinutes { get; init; } = 10;

    /// <summary>A VM stays until the queue has been empty (and CPU low) for 15 minutes.</summary>
    public double VmScaleInMinutes { get; init; } = 15;

    /// <summary>Dispatches in flight on one instance (host.json batchSize 16 + newBatchThreshold 8) waiting out a cold start.</summary>
    public double DispatchesWaitingCold { get; init; } = 24;

    /// <summary>The runner release in blob storage: the agent (~0.1 GB); scaleToZero adds the sandbox images and Docker's packages.</summary>
    public double ReleaseGb { get; init; } = 0.1;

    public double OfflineReleaseGb { get; init; } = 2.5;
}
