namespace Neuron.Runner.Contracts;

/// <summary>
/// Compares a program's stdout with an expected output the way judges usually do: trailing whitespace on each line
/// and trailing blank lines are ignored ("\r\n" and "\n" compare equal); everything else must match exactly. Shared by
/// the runner (test cases) and the Functions app (a run's <c>expectedOutput</c>).
/// </summary>
public static class ExpectedOutput
{
    public static bool Matches(string actual, string expected) => Normalize(actual) == Normalize(expected);

    public static string Normalize(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return string.Join('\n', lines);
    }
}
