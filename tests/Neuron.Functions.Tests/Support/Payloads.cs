using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Support;

/// <summary>The literal custom-handler invocation payloads under Payloads/, and the run they point at.</summary>
public static class Payloads
{
    /// <summary>The run id inside the queue payloads.</summary>
    public const string RunId = "0193a5b2c4d87e6f9a0b1c2d3e4f5a6b";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name));

    public static RunRecord QueuedRun(DateTimeOffset now, string id = RunId, string? keyId = null) => new()
    {
        Id = id,
        Status = RunStatus.Queued,
        Language = "python",
        Version = "3",
        Limits = new RunLimits(1_000, 128, 64),
        Source = "print(input())",
        Stdin = "from the payload\n",
        CreatedAt = now,
        QueuedAt = now,
        KeyId = keyId,
    };
}
