using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Languages;

/// <summary>Section <c>Languages</c>: how a cold instance learns the languages (the runner's own polling is under <c>Runner</c>).</summary>
public sealed class LanguagesOptions
{
    public const string Section = "Languages";

    /// <summary>
    /// Bound on the first need's wait for the stored list (one point read of the <c>languages</c> table). Past it the
    /// request is served from the built-in list and the read goes on for the next one.
    /// </summary>
    [Range(50, 30_000)]
    public int StoredReadTimeoutMs { get; set; } = 1_500;
}
