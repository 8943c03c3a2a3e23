using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>What clients see of a run (<c>GET /api/runs/{id}</c>). <c>timeMs</c> is wall time.</summary>
/// <remarks>
/// The run's own fields around its <see cref="RunResult"/>, all at the top level (embed.js, the playground and
/// customers read <c>stdout</c>, <c>verdict</c>, <c>timeMs</c>…). The result's properties are inherited rather than
/// re-listed, so the source-generated JSON, the OpenAPI schema and any client deserializing the document see one flat
/// object; the property orders keep them where they have always been, between <see cref="Version"/> and
/// <see cref="Limits"/>.
/// </remarks>
public sealed record RunDocument : RunResult
{
    private const int Head = -1;
    private const int Tail = 1;

    /// <summary>For deserializers (clients and tests reading a document back).</summary>
    public RunDocument()
    {
    }

    [SetsRequiredMembers]
    private RunDocument(RunRecord run) : base(run.Result)
    {
        Id = run.Id;
        Status = run.Status;
        Verdict = run.Verdict;
        Language = run.Language;
        Version = run.Version;
        Limits = run.Limits;
        Error = run.Error;
        CreatedAt = run.CreatedAt;
        StartedAt = run.StartedAt;
        FinishedAt = run.FinishedAt;
        Webhook = run.Callback is { } callback ? CallbackDocument.From(callback) : null;
    }

    [JsonPropertyOrder(Head)] public required string Id { get; init; }
    [JsonPropertyOrder(Head)] public required string Status { get; init; }
    [JsonPropertyOrder(Head)] public required string? Verdict { get; init; }
    [JsonPropertyOrder(Head)] public required string Language { get; init; }
    [JsonPropertyOrder(Head)] public required string Version { get; init; }
    [JsonPropertyOrder(Tail)] public required RunLimits Limits { get; init; }
    [JsonPropertyOrder(Tail)] public required string? Error { get; init; }
    [JsonPropertyOrder(Tail)] public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyOrder(Tail)] public required DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyOrder(Tail)] public required DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The delivery of the run's <c>callbackUrl</c>; null without one.</summary>
    [JsonPropertyOrder(Tail)] public required CallbackDocument? Webhook { get; init; }

    public static RunDocument From(RunRecord run) => new(run);
}
