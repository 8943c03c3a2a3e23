namespace Neuron.Functions.Burst;

/// <summary>Why a burst container group is deleted.</summary>
public enum BurstDeletionReason
{
    /// <summary>ARM reports it failed.</summary>
    Broken,

    /// <summary>It did not reach Running within the start timeout.</summary>
    StartTimedOut,

    /// <summary>No demand for it during the idle timeout.</summary>
    Idle,

    /// <summary>More groups exist than the configured maximum.</summary>
    OverMaximum,
}
