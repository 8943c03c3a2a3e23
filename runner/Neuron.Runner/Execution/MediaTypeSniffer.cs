using System.Text;
using System.Text.Json;
using Neuron.Runner.Contracts;

namespace Neuron.Runner.Execution;

/// <summary>
/// The media type of an output file, from its bytes alone (its name says nothing: an HTML page named <c>plot.png</c>
/// is text). Images by their signatures; SVG, JSON, CSV and plain text only when the file is valid UTF-8 text;
/// anything else is <see cref="OutputFileLimits.Binary"/>, an opaque download.
/// </summary>
public static class MediaTypeSniffer
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PngSignature))
            return OutputFileLimits.Png;
        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
            return OutputFileLimits.Jpeg;
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
            return OutputFileLimits.Gif;
        if (AsText(content) is not { } text)
            return OutputFileLimits.Binary;
        if (IsSvg(text))
            return OutputFileLimits.Svg;
        if (IsJson(content))
            return OutputFileLimits.Json;
        return IsCsv(text) ? OutputFileLimits.Csv : OutputFileLimits.Text;
    }

    /// <summary>The content as text when it is UTF-8 with no control characters but tab, line breaks and form feed.</summary>
    private static string? AsText(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
                return null;
        return text.TrimStart('\uFEFF');
    }

    /// <summary>An <c>&lt;svg</c> root element, after an optional XML declaration, comments and doctype.</summary>
    private static bool IsSvg(string text)
    {
        var rest = text.AsSpan().TrimStart();
        while (true)
        {
            if (rest.StartsWith("<?xml", StringComparison.Ordinal))
                rest = Skip(rest, "?>");
            else if (rest.StartsWith("<!--", StringComparison.Ordinal))
                rest = Skip(rest, "-->");
            else if (rest.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
                rest = Skip(rest, ">");
            else
                break;
            rest = rest.TrimStart();
        }
        return rest.StartsWith("<svg", StringComparison.Ordinal) && rest.Length > 4 && (char.IsWhiteSpace(rest[4]) || rest[4] is '>' or '/');
    }

    private static ReadOnlySpan<char> Skip(ReadOnlySpan<char> text, string end)
    {
        var at = text.IndexOf(end, StringComparison.Ordinal);
        return at < 0 ? [] : text[(at + end.Length)..];
    }

    /// <summary>One JSON object or array, and nothing after it.</summary>
    private static bool IsJson(ReadOnlySpan<byte> content)
    {
        try
        {
            var reader = new Utf8JsonReader(content.StartsWith("\uFEFF"u8) ? content[3..] : content);
            if (!reader.Read() || reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>At least two lines, each with the same number (one or more) of commas outside double quotes.</summary>
    private static bool IsCsv(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2)
            return false;
        var commas = Commas(lines[0]);
        return commas > 0 && lines.All(l => Commas(l) == commas);
    }

    private static int Commas(string line)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
                quoted = !quoted;
            else if (c == ',' && !quoted)
                count++;
        }
        return count;
    }
}
