using Neuron.Functions.Runs;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>A submission's token is its run id in the UUID layout Judge0's tokens have (8-4-4-4-12 hex digits).</summary>
public static class Judge0Tokens
{
    public static string Of(string runId) => $"{runId[..8]}-{runId[8..12]}-{runId[12..16]}-{runId[16..20]}-{runId[20..]}";

    /// <summary>The run id of <paramref name="token"/> (with or without its dashes), or null.</summary>
    public static string? RunIdOf(string token)
    {
        var id = token.Trim().Replace("-", "", StringComparison.Ordinal);
        return RunIds.IsValid(id) ? id : null;
    }
}
