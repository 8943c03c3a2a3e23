namespace Neuron.Functions.Languages;

/// <summary>
/// Where the list in force came from: the <c>Neuron-Languages-Source</c> header of <c>GET /api/languages</c> and
/// <c>languagesSource</c> in health.
/// </summary>
public static class LanguagesSource
{
    /// <summary>This instance read it from the runner.</summary>
    public const string Runner = "runner";

    /// <summary>Read from the <c>languages</c> table: the list a runner gave some instance earlier.</summary>
    public const string Stored = "stored";

    /// <summary>No runner has ever published a list (none reached, none stored): the built-in list, every version "unknown".</summary>
    public const string None = "none";
}
