using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Neuron.Functions.Http;

/// <summary>
/// Reads a JSON body by hand so that every failure (content type, size, syntax) gets the status the API promises
/// and a problem+json body, and so that the raw bytes are available for idempotency hashing.
/// </summary>
public static class JsonBody
{
    public sealed record Read<T>(T? Value, byte[] Bytes, ProblemHttpResult? Problem);

    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
            return new(null, [], Problems.UnsupportedMediaType());
        if (request.ContentLength > maxBytes)
            return new(null, [], Problems.TooLarge($"The body exceeds {maxBytes} bytes."));

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return new(null, [], Problems.TooLarge($"The body exceeds {maxBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        try
        {
            var value = JsonSerializer.Deserialize(bytes, typeInfo);
            return value is null
                ? new(null, bytes, Problems.BadRequest("malformed-json", "The body must be a JSON object."))
                : new(value, bytes, null);
        }
        catch (JsonException e)
        {
            return new(null, bytes, Problems.BadRequest("malformed-json", "The body is not valid JSON: " + e.Message));
        }
    }
}
