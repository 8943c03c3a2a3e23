using System.Text;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Base64 as Judge0 writes and reads it (Ruby's <c>Base64.encode64</c>/<c>decode64</c>): encoded text is broken into
/// lines of 60 characters, each ended by a newline; decoding ignores line breaks and other whitespace.
/// </summary>
public static class Judge0Base64
{
    private const int LineLength = 60;

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string Encode(byte[] bytes)
    {
        var encoded = Convert.ToBase64String(bytes);
        var lines = new StringBuilder(encoded.Length + encoded.Length / LineLength + 1);
        for (var i = 0; i < encoded.Length; i += LineLength)
            lines.Append(encoded, i, Math.Min(LineLength, encoded.Length - i)).Append('\n');
        return lines.ToString();
    }

    /// <summary>The bytes of <paramref name="encoded"/>, or null when it is not Base64.</summary>
    public static byte[]? Decode(string encoded)
    {
        var compact = string.Concat(encoded.Where(c => !char.IsWhiteSpace(c)));
        try
        {
            return Convert.FromBase64String(compact);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
