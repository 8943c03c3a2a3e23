namespace Neuron.Functions.Hosting;

/// <summary>The non-HTTP functions; each name is a folder with its function.json and the path the host POSTs invocations to.</summary>
public static class FunctionNames
{
    public const string DispatchRun = "DispatchRun";
    public const string FailPoisonedRun = "FailPoisonedRun";
    public const string SweepRuns = "SweepRuns";
    public const string ScaleBurstCapacity = "ScaleBurstCapacity";

    /// <summary>The queue trigger's binding name in DispatchRun and FailPoisonedRun's function.json.</summary>
    public const string MessageBinding = "message";
    /// <summary>The timer trigger's binding name in SweepRuns/function.json.</summary>
    public const string TimerBinding = "timer";
}
