using System.Globalization;
using System.Text.RegularExpressions;

namespace Neuron.Functions.Compat.Piston;

/// <summary>
/// A node-semver range, as Piston matches <c>version</c> with <c>semver.satisfies</c>: alternatives joined by
/// <c>||</c>, each a set of comparators that must all hold — <c>&lt; &lt;= &gt; &gt;= =</c>, x-ranges (<c>*</c>,
/// <c>3</c>, <c>3.x</c>, <c>3.10.*</c>), tilde (<c>~3.10</c>), caret (<c>^3.10</c>) and hyphen ranges
/// (<c>3.8 - 3.11</c>). Pre-release tags are not supported (no runtime has one). A text that is not a range matches
/// nothing, as with node-semver.
/// </summary>
public sealed partial class SemVersionRange
{
    private enum Op { Lt, Le, Gt, Ge }

    private readonly record struct Comparator(Op Op, SemVersion Version)
    {
        public bool Holds(SemVersion v) => Op switch
        {
            Op.Lt => v < Version,
            Op.Le => v <= Version,
            Op.Gt => v > Version,
            _ => v >= Version,
        };
    }

    /// <summary>A partly given version: null parts are wildcards (<c>x</c>, <c>*</c> or absent).</summary>
    private readonly record struct Partial(int? Major, int? Minor, int? Patch)
    {
        public SemVersion Floor => new(Major ?? 0, Minor ?? 0, Patch ?? 0);

        /// <summary>The first version above every version this partial names (null: no bound, for <c>*</c>).</summary>
        public SemVersion? Ceiling => Major is not { } major ? null
            : Minor is not { } minor ? new(major + 1, 0, 0)
            : Patch is not { } patch ? new(major, minor + 1, 0)
            : new(major, minor, patch + 1);
    }

    private readonly List<List<Comparator>> _alternatives;

    private SemVersionRange(List<List<Comparator>> alternatives) => _alternatives = alternatives;

    public bool IsSatisfiedBy(SemVersion version) => _alternatives.Any(set => set.All(c => c.Holds(version)));

    public static bool TryParse(string text, out SemVersionRange range)
    {
        range = new SemVersionRange([]);
        var alternatives = new List<List<Comparator>>();
        foreach (var alternative in text.Split("||"))
        {
            var set = ParseSet(alternative.Trim());
            if (set is null)
                return false;
            alternatives.Add(set);
        }
        range = new SemVersionRange(alternatives);
        return true;
    }

    private static List<Comparator>? ParseSet(string text)
    {
        var set = new List<Comparator>();
        if (Hyphen().Match(text) is { Success: true } hyphen)
        {
            if (ParsePartial(hyphen.Groups[1].Value) is not { } from || ParsePartial(hyphen.Groups[2].Value) is not { } to)
                return null;
            set.Add(new(Op.Ge, from.Floor));
            if (to.Patch is not null)
                set.Add(new(Op.Le, to.Floor));
            else if (to.Ceiling is { } ceiling)
                set.Add(new(Op.Lt, ceiling));
            return set;
        }
        // node-semver allows spaces between an operator and its version ("> 3.8").
        foreach (var token in OperatorSpace().Replace(text, "$1").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!AddComparators(set, token))
                return null;
        }
        return set;
    }

    private static bool AddComparators(List<Comparator> set, string token)
    {
        var match = Simple().Match(token);
        if (!match.Success || ParsePartial(match.Groups[2].Value) is not { } p)
            return false;
        var ceiling = p.Ceiling;
        switch (match.Groups[1].Value)
        {
            case "" or "=":
                set.Add(new(Op.Ge, p.Floor));
                if (ceiling is { } c)
                    set.Add(new(Op.Lt, c));
                return true;
            case "~" or "~>":
                set.Add(new(Op.Ge, p.Floor));
                if (p.Major is { } tildeMajor)
                    set.Add(new(Op.Lt, p.Minor is { } tildeMinor ? new(tildeMajor, tildeMinor + 1, 0) : new(tildeMajor + 1, 0, 0)));
                return true;
            case "^":
                set.Add(new(Op.Ge, p.Floor));
                if (Caret(p) is { } caretCeiling)
                    set.Add(new(Op.Lt, caretCeiling));
                return true;
            case ">":
                // ">3.8" means above every 3.8.x; with no version at all nothing is above "*".
                if (p.Major is null)
                    set.Add(new(Op.Lt, default));
                else
                    set.Add(p.Patch is null ? new(Op.Ge, ceiling!.Value) : new(Op.Gt, p.Floor));
                return true;
            case ">=":
                set.Add(new(Op.Ge, p.Floor));
                return true;
            case "<":
                set.Add(new(Op.Lt, p.Floor));
                return true;
            case "<=":
                if (ceiling is { } le)
                    set.Add(p.Patch is null ? new(Op.Lt, le) : new(Op.Le, p.Floor));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The exclusive upper bound of <c>^p</c>: the next change of its first non-zero part.</summary>
    private static SemVersion? Caret(Partial p)
    {
        if (p.Major is not { } major)
            return null;
        if (major > 0 || p.Minor is null)
            return new(major + 1, 0, 0);
        var minor = p.Minor.Value;
        if (minor > 0 || p.Patch is null)
            return new(0, minor + 1, 0);
        return new(0, 0, p.Patch.Value + 1);
    }

    private static Partial? ParsePartial(string text)
    {
        if (text.Length == 0)
            return new Partial(null, null, null);
        var parts = text.TrimStart('v', 'V').Split('.');
        if (parts.Length > 3)
            return null;
        var values = new int?[3];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i] is "x" or "X" or "*")
            {
                values[i] = null;
                continue;
            }
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                return null;
            // A number after a wildcard ("3.x.1") is read as a wildcard too, as node-semver does.
            values[i] = i > 0 && values[i - 1] is null ? null : n;
        }
        return new Partial(values[0], values[1], values[2]);
    }

    [GeneratedRegex(@"^\s*(\S+)\s+-\s+(\S+)\s*$")]
    private static partial Regex Hyphen();

    [GeneratedRegex(@"(<=|>=|<|>|=|~|\^)\s+")]
    private static partial Regex OperatorSpace();

    [GeneratedRegex(@"^(<=|>=|<|>|=|~>?|\^|)(v?[0-9xX*][0-9xX*.]*|)$")]
    private static partial Regex Simple();
}
