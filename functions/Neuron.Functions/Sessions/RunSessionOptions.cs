using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Sessions;

/// <summary>Section <c>Sessions</c>: the optional client <c>sessionId</c> gate.</summary>
public sealed class RunSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>Minimum time between two runs of one session.</summary>
    [Range(0, 3_600_000)]
    public int CooldownMs { get; set; } = 1_000;
}
