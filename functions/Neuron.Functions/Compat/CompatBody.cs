namespace Neuron.Functions.Compat;

/// <summary>
/// Body reading for the adapters, whose clients do not all label JSON as such: a body without a <c>Content-Type</c>,
/// or with <c>text/plain</c> (node-fetch's label for a string body, which the npm <c>piston-client</c> sends), is read
/// as JSON too. The bytes are read by <see cref="Http.JsonBody.ReadBytesAsync"/>, bounded; strict UTF-8 decoding (<see cref="Utf8Text"/>) for the
/// text the adapters take Base64- or hex-encoded.
/// </summary>
public static class CompatBody
{
    public static bool IsJsonOrUnlabelled(HttpRequest request) =>
        string.IsNullOrEmpty(request.ContentType)
        || request.HasJsonContentType()
        || request.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
}
