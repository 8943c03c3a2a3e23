namespace Neuron.Functions.Runs;

/// <summary>A run's lifecycle: queued → running → completed | failed. Only the last two are final.</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsFinal(string status) => status is Completed or Failed;
}
