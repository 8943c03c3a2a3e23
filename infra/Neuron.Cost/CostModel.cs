namespace Neuron.Cost;

/// <summary>
/// Monthly cost of a deployment: prices × traffic × <see cref="Assumptions"/>. A pure function of its inputs, so the
/// README's tables are what <c>infra/cost</c> prints and the tests pin the model's behaviour.
/// </summary>
public sealed class CostModel(PriceList prices, Assumptions assumptions)
{
    private readonly Assumptions a = assumptions;

    private double Hours => a.DaysPerMonth * 24;

    public CostEstimate Estimate(Profile profile, Traffic traffic)
    {
        var scaleToZero = profile != Profile.InternalLoadBalancer;
        var lines = new List<CostLine>();
        double? drain = null;

        // Fixed: what runs whether or not a run happens.
        if (!scaleToZero)
        {
            lines.Add(new("NAT gateway and its public IP", Hours * (prices["natGateway.hour"] + prices["publicIp.standardHour"]), true));
            lines.Add(new("Internal load balancer", Hours * prices["loadBalancer.standardHour"], true));
            lines.Add(new("Runner VM, always on (and its disk)", a.BaselineVms * (Hours * prices["vm.d2asV5Hour"] + prices["disk.standardSsdE6Month"]), true));
        }
        if (profile == Profile.ScaleToZero)
            lines.Add(new("Container registry, Basic (burst images)", a.DaysPerMonth * prices["acr.basicDay"], true));
        var timerSeconds = a.SweepsPerDay * a.SweepSeconds + (scaleToZero ? a.BurstTicksPerDay * a.BurstTickSeconds : 0);
        var timerExecutions = a.SweepsPerDay + (scaleToZero ? a.BurstTicksPerDay : 0);
        lines.Add(Functions(scaleToZero ? "Functions: timers (sweeper, burst controller)" : "Functions: timers (sweeper)",
            a.DaysPerMonth * timerSeconds * a.FunctionsMemoryGb, a.DaysPerMonth * timerExecutions, true));
        var timerOps = a.DaysPerMonth * (a.SweepsPerDay * a.SweepStorageOps + (scaleToZero ? a.BurstTicksPerDay * a.BurstTickStorageOps : 0));
        lines.Add(new("Storage: timers' transactions, runner release", timerOps / 1e4 * prices["storage.transactionsPer10k"]
            + (scaleToZero ? a.OfflineReleaseGb : a.ReleaseGb) * prices["storage.blobGbMonth"], true));
        lines.Add(new("Key Vault", a.KeyVaultOpsPerMonth / 1e4 * prices["keyVault.operationsPer10k"], true));
        lines.Add(new("Log Analytics (first 5 GB free)", Math.Max(0, a.IdleLogGbPerMonth - 5) * prices["logAnalytics.gb"], true));

        // Per run: the app's executions and storage transactions, the runners' time.
        var runs = traffic.RunsPerMonth;
        if (runs > 0)
        {
            lines.Add(Functions("Functions: submit, dispatch, polls", runs * a.ExecutionsPerRun * a.SecondsPerExecution * a.FunctionsMemoryGb,
                runs * a.ExecutionsPerRun, false));
            lines.Add(new("Storage: the runs' transactions", runs * a.StorageOpsPerRun / 1e4 * prices["storage.transactionsPer10k"], false));
            var logs = a.IdleLogGbPerMonth + runs / 1e6 * a.LogGbPerMillionRuns;
            lines.Add(new("Log Analytics: the runs' logs", (Math.Max(0, logs - 5) - Math.Max(0, a.IdleLogGbPerMonth - 5)) * prices["logAnalytics.gb"], false));
        }
        var coreSeconds = runs * traffic.Mix.Sum(m => m.Value * a.CoreSecondsPerRun[m.Key]);
        if (traffic.AtOnce)
            drain = scaleToZero ? AddBurstFromIdle(lines, runs, coreSeconds) : runs == 0 ? 0 : coreSeconds / (a.VmCores * a.BaselineVms);
        else if (scaleToZero)
            AddScaleToZeroCompute(lines, traffic, coreSeconds);
        else
            AddScaleSetGrowth(lines, coreSeconds);
        return new CostEstimate(profile, traffic, lines, drain);
    }

    /// <summary>The scale set's baseline VM serves until the month's CPU needs more VM-hours than it has.</summary>
    private void AddScaleSetGrowth(List<CostLine> lines, double coreSeconds)
    {
        var vmHours = coreSeconds / a.VmCores / 3600;
        var extra = Math.Max(0, vmHours - a.BaselineVms * Hours);
        if (extra > 0)
            lines.Add(new("Runner VMs beyond the baseline", extra * (prices["vm.d2asV5Hour"] + prices["disk.standardSsdE6Month"] / Hours), false));
        else
            lines.Add(new("Runner VMs beyond the baseline (none: the baseline VM keeps up)", 0, false));
    }

    /// <summary>
    /// Scaled to zero: each episode after idle keeps one ACI group for the cold start, a couple of minutes of activity
    /// and the idle timeout; sustained load scales the VMs out (ACI bridging the scale-out) and back in after the tail.
    /// </summary>
    private void AddScaleToZeroCompute(List<CostLine> lines, Traffic traffic, double coreSeconds)
    {
        var groupPerSecond = GroupPerSecond();
        var episodeHours = traffic.EpisodesPerDay * a.DaysPerMonth * (a.AciColdStartSeconds / 3600 + (a.AciIdleMinutes + 2) / 60);
        if (traffic.BusyHoursPerDay <= 0)
        {
            // All runs on ACI: enough group time for their CPU, at one sandbox's share per language.
            var neededHours = coreSeconds / a.AciSandboxCpu / 3600;
            lines.Add(new("ACI burst groups", Math.Max(episodeHours, neededHours) * 3600 * groupPerSecond, false));
            lines.Add(ColdWait("Functions: dispatches waiting out a cold start", traffic.EpisodesPerDay * a.DaysPerMonth));
            return;
        }
        // Busy hours: core-seconds of runs per second. Light enough for one group's sandbox, one group stays up through
        // them (the queue never gets deep enough for the scale set); heavier, the scale set scales out, ACI bridging.
        var busySeconds = traffic.BusyHoursPerDay * 3600 * a.DaysPerMonth;
        var load = coreSeconds / busySeconds;
        if (load <= a.AciSandboxCpu)
        {
            var busyGroupHours = a.DaysPerMonth * (traffic.BusyHoursPerDay + a.AciIdleMinutes / 60);
            lines.Add(new("ACI burst groups (episodes, and one group through the busy hours)", (episodeHours + busyGroupHours) * 3600 * groupPerSecond, false));
            lines.Add(new("Runner VMs (none: the load never fills a group's sandbox)", 0, false));
        }
        else
        {
            var bridgeHours = a.DaysPerMonth * a.AciMaxGroups * a.VmScaleOutMinutes / 60;
            lines.Add(new("ACI burst groups (episodes, and while VMs scale out)", (episodeHours + bridgeHours) * 3600 * groupPerSecond, false));
            var vms = Math.Ceiling(load / a.VmCores);
            var vmHours = vms * a.DaysPerMonth * (traffic.BusyHoursPerDay + a.VmScaleInMinutes / 60);
            lines.Add(new($"Runner VMs ({vms:0} through the busy hours, and the scale-in tail)", vmHours * (prices["vm.d2asV5Hour"] + prices["disk.standardSsdE6Month"] / Hours), false));
        }
        lines.Add(ColdWait("Functions: dispatches waiting out a cold start", traffic.EpisodesPerDay * a.DaysPerMonth));
    }

    /// <summary>
    /// A burst from idle, scaled to zero: nothing runs until the groups are up (cold start); then MaxGroups groups drain
    /// the queue; if that takes longer than the queue rule's 5 minutes, a VM joins after the scale-out time.
    /// Returns the seconds until the last run is done.
    /// </summary>
    private double AddBurstFromIdle(List<CostLine> lines, double runs, double coreSeconds)
    {
        var perRun = runs == 0 ? 0 : coreSeconds / runs;
        var aciRate = a.AciMaxGroups * a.AciSandboxCpu / perRun;
        var vmAt = a.VmScaleOutMinutes * 60;
        var drain = a.AciColdStartSeconds + runs / aciRate;
        var vmJoins = drain > vmAt && drain - a.AciColdStartSeconds > 300;
        if (vmJoins)
        {
            var doneByVm = aciRate * (vmAt - a.AciColdStartSeconds);
            drain = vmAt + (runs - doneByVm) / (aciRate + a.VmCores / perRun);
        }
        var groupSeconds = a.AciMaxGroups * (drain + a.AciIdleMinutes * 60);
        lines.Add(new($"ACI burst groups ({a.AciMaxGroups:0} groups until drained, and the idle timeout)", groupSeconds * GroupPerSecond(), false));
        var vmHours = vmJoins ? (drain - vmAt + a.VmScaleInMinutes * 60) / 3600 : 0;
        lines.Add(new(vmJoins ? "Runner VM (joins once the queue stays deep)" : "Runner VM (none: drained before a VM would come)",
            vmHours * (prices["vm.d2asV5Hour"] + prices["disk.standardSsdE6Month"] / Hours), false));
        lines.Add(ColdWait("Functions: dispatches waiting out the cold start", a.DispatchesWaitingCold));
        return drain;
    }

    private CostLine Functions(string item, double gbSeconds, double executions, bool isFixed) =>
        new(item, gbSeconds * prices["functions.flex.gbSecond"] + executions * prices["functions.flex.executionsPerMillion"] / 1e6, isFixed, gbSeconds, executions);

    /// <summary>Dispatch executions that wait for a runner through a cold start (their invocations are the runs' own).</summary>
    private CostLine ColdWait(string item, double dispatches) => Functions(item, dispatches * a.AciColdStartSeconds * a.FunctionsMemoryGb, 0, false);

    /// <summary>
    /// What 1,000 more runs cost once the runners are busy (VMs scaled out and full): the app's executions and
    /// transactions, and the runs' core-seconds at the VM's price. The target is $0.05.
    /// </summary>
    public double SaturatedPerThousandRuns(IReadOnlyDictionary<string, double> mix)
    {
        var perRun = a.ExecutionsPerRun * (a.SecondsPerExecution * a.FunctionsMemoryGb * prices["functions.flex.gbSecond"] + prices["functions.flex.executionsPerMillion"] / 1e6)
            + a.StorageOpsPerRun / 1e4 * prices["storage.transactionsPer10k"]
            + mix.Sum(m => m.Value * a.CoreSecondsPerRun[m.Key]) * (prices["vm.d2asV5Hour"] + prices["disk.standardSsdE6Month"] / Hours) / 3600 / a.VmCores;
        return perRun * 1000;
    }

    private double GroupPerSecond() => a.AciGroupVcpu * prices["aci.vcpuSecond"] + a.AciGroupGb * prices["aci.gbSecond"];

    private double ColdWaitUsd(double dispatches) => dispatches * a.AciColdStartSeconds * a.FunctionsMemoryGb * prices["functions.flex.gbSecond"];

    /// <summary>The first run after an idle night in scaleToZero: where the time goes (bicep/README.md § Cold path).</summary>
    public IReadOnlyList<ColdPathPhase> ColdPath() =>
    [
        new("Function App: an instance starts for the request (Flex Consumption scaled to zero)", 1.5, 5),
        new("Submission accepted and queued; the dispatch finds no runner listed and waits", 0.1, 0.5),
        new("Burst controller's next tick (every minute) sees the queued message", 30, 60),
        new("ARM creates the container group: image pulls (agent and six sandboxes), start", 60, 120),
        new("Agent healthy; the controller lists the group in the runners table", 12, 30),
        new("The waiting dispatch re-reads the table (every 2 s) and sends the run", 1, 2),
        new("The run itself (Python hello world)", 0.05, 0.2),
    ];

    /// <summary>What one cold start costs beyond the runs: a group for the cold start and the idle timeout, one dispatch waiting.</summary>
    public double ColdStartUsd() => (a.AciColdStartSeconds + a.AciIdleMinutes * 60) * GroupPerSecond() + ColdWaitUsd(1);
}
