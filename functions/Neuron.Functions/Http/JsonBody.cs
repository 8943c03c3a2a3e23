using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Neuron.Functions.Http;

/// <summary>
/// Reads a JSON body by hand so that every failure (content type, size, syntax) gets the status the API promises
/// and a problem+json body, and so that the raw bytes are available for idempotency hashing. A JSON error names the
/// JSON path and a short reason, never the serializer's message (which names the app's .NET types).
/// </summary>
public static class JsonBody
{
    public sealed record Read<T>(T? Value, byte[] Bytes, ProblemHttpResult? Problem);

    /// <summary>What the headers alone refuse (415, 413 by <c>Content-Length</c>), before anything else is spent on the request.</summary>
    public static ProblemHttpResult? Precheck(HttpRequest request, long maxBytes)
    {
        if (!request.HasJsonContentType())
            return Problems.UnsupportedMediaType();
        if (request.ContentLength > maxBytes)
            return TooLarge(maxBytes);
        return null;
    }

    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (Precheck(request, maxBytes) is { } refused)
            return new(null, [], refused);

        if (await ReadBytesAsync(request, maxBytes, cancellationToken) is not { } bytes)
            return new(null, [], TooLarge(maxBytes));
        try
        {
            var value = JsonSerializer.Deserialize(bytes, typeInfo);
            return value is null
                ? new(null, bytes, Problems.BadRequest("malformed-json", "The body must be a JSON object."))
                : new(value, bytes, null);
        }
        catch (JsonException e)
        {
            return new(null, bytes, Malformed(bytes, e));
        }
    }

    /// <summary>The body's bytes, or null when it exceeds <paramref name="maxBytes"/> (by <c>Content-Length</c> or as read).</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ProblemHttpResult TooLarge(long maxBytes) => Problems.TooLarge($"The body exceeds {maxBytes} bytes.");

    private static ProblemHttpResult Malformed(byte[] bytes, JsonException e)
    {
        var path = Problems.Echo(e.Path ?? "$");
        var extensions = new Dictionary<string, object?> { ["path"] = path };
        if (!IsWellFormed(bytes))
        {
            var at = e.LineNumber is { } line && e.BytePositionInLine is { } position
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1})")
                : "";
            return Problems.BadRequest("malformed-json", $"The body is not valid JSON{at}: a syntax error, or nesting deeper than 64 levels.", extensions);
        }
        return Problems.BadRequest("malformed-json", $"The value at '{path}' has the wrong type or is out of range.", extensions);
    }

    /// <summary>Tells a syntax error from a well-formed value the request type cannot hold (the error path only).</summary>
    private static bool IsWellFormed(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
