namespace Neuron.Functions.Dispatch;

/// <summary>What a dispatch invocation did (a runner outage is an exception, not an outcome: the queue must retry).</summary>
public enum DispatchOutcome
{
    /// <summary>This invocation ran the run and stored its result.</summary>
    Completed,
    /// <summary>The runner refused the run; it was failed.</summary>
    Rejected,
    /// <summary>The run was final already (a duplicate message).</summary>
    AlreadyFinal,
    /// <summary>Another dispatcher holds a live lease on it.</summary>
    OwnedElsewhere,
    /// <summary>Another dispatcher changed it between our read and our claim.</summary>
    LostRace,
    /// <summary>No such run.</summary>
    UnknownRun,
}
