namespace Neuron.Functions.Compat;

/// <summary>
/// Body reading for the adapters, whose clients do not all label JSON as such: a body without a <c>Content-Type</c>,
/// or with <c>text/plain</c> (node-fetch's label for a string body, which the npm <c>piston-client</c> sends), is read
/// as JSON too. Reads at most a given number of bytes.
/// </summary>
public static class CompatBody
{
    public static bool IsJsonOrUnlabelled(HttpRequest request) =>
        string.IsNullOrEmpty(request.ContentType)
        || request.HasJsonContentType()
        || request.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body's bytes, or null when it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
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
}
