using System.Globalization;
using System.Text.RegularExpressions;

namespace Neuron.Functions.Compat.Piston;

/// <summary>A <c>major.minor.patch</c> version, as Piston's runtimes carry them (no pre-release or build parts).</summary>
public readonly partial record struct SemVersion(int Major, int Minor, int Patch) : IComparable<SemVersion>
{
    public int CompareTo(SemVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);

    public static bool operator <(SemVersion a, SemVersion b) => a.CompareTo(b) < 0;
    public static bool operator >(SemVersion a, SemVersion b) => a.CompareTo(b) > 0;
    public static bool operator <=(SemVersion a, SemVersion b) => a.CompareTo(b) <= 0;
    public static bool operator >=(SemVersion a, SemVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    /// <summary>
    /// The version a runner reports (<c>3.11.2</c>, <c>Node.js v18.20.4</c>, <c>12.2.0-stub</c>) as semver: its first run of
    /// up to three dot-separated numbers, missing parts 0; <c>0.0.0</c> when it has none (a version still <c>unknown</c>).
    /// </summary>
    public static SemVersion FromRuntimeVersion(string version)
    {
        var match = Numbers().Match(version);
        if (!match.Success)
            return default;
        var parts = match.Value.Split('.');
        int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new SemVersion(Part(0), Part(1), Part(2));
    }

    [GeneratedRegex(@"\d{1,9}(?:\.\d{1,9}){0,2}")]
    private static partial Regex Numbers();
}
