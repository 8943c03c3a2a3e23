namespace Neuron.Functions.Sessions;

public enum SessionState
{
    Allowed,
    /// <summary>The session has a queued or running run (409).</summary>
    Busy,
    /// <summary>The session's previous run started less than the cooldown ago (429).</summary>
    CoolingDown,
}

/// <summary>Whether a session may start a run now.</summary>
public sealed record SessionDecision(SessionState State, string? ActiveRunId, TimeSpan RetryAfter)
{
    public static readonly SessionDecision Yes = new(SessionState.Allowed, null, TimeSpan.Zero);
}
