using System.Text.RegularExpressions;

namespace Neuron.Functions.Runs;

/// <summary>Run ids: 32 lowercase hex digits of a version-7 GUID (time-ordered, safe as a table key).</summary>
public static partial class RunIds
{
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    public static bool IsValid(string id) => Pattern().IsMatch(id);

    // \z, not $: '$' also matches before a final newline.
    [GeneratedRegex(@"\A[0-9a-f]{32}\z")]
    private static partial Regex Pattern();
}
