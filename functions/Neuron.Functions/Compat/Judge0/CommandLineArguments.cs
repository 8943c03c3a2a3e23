using System.Text;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0's <c>command_line_arguments</c> string as the argument list it becomes: Judge0 drops <c>$ &amp; ; &lt; &gt; |</c>
/// and backquotes and lets bash split the rest, so words are split on whitespace, single quotes keep their text as
/// it is, double quotes and backslashes escape as in bash. No expansion happens (Judge0 removed every character that
/// could start one, bar globs, which Neuron leaves unexpanded).
/// </summary>
public static class CommandLineArguments
{
    public const int MaxLength = 512;

    /// <summary>The words of <paramref name="text"/>, or null when a quote is left open.</summary>
    public static IReadOnlyList<string>? Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var cleaned = text.Where(c => c is not ('$' or '&' or ';' or '<' or '>' or '|' or '`')).ToArray();
        for (var i = 0; i < cleaned.Length; i++)
        {
            var c = cleaned[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            switch (c)
            {
                case '\\':
                    if (++i < cleaned.Length && cleaned[i] != '\n')
                        word.Append(cleaned[i]);
                    break;
                case '\'':
                    var close = Array.IndexOf(cleaned, '\'', i + 1);
                    if (close < 0)
                        return null;
                    word.Append(cleaned, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; ; i++)
                    {
                        if (i >= cleaned.Length)
                            return null;
                        if (cleaned[i] == '"')
                            break;
                        if (cleaned[i] == '\\' && i + 1 < cleaned.Length && cleaned[i + 1] is '"' or '\\')
                            i++;
                        word.Append(cleaned[i]);
                    }
                    break;
                default:
                    word.Append(c);
                    break;
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    /// <summary>Arguments back as one string that <see cref="Split"/> reads as them (single-quoted where needed).</summary>
    public static string Join(IEnumerable<string> args) => string.Join(' ', args.Select(a =>
        a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ',' or ':' or '+')
            ? a
            : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
}
