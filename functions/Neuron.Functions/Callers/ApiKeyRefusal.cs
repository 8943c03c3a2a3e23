namespace Neuron.Functions.Callers;

/// <summary>Why the API-key scheme refused a request: the problem its challenge answers with (401, or 403 for a browser rule).</summary>
public sealed class ApiKeyRefusal(int status, string slug, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Slug { get; } = slug;
    public string Detail { get; } = detail;
}
