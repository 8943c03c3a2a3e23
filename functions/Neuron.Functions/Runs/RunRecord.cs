using System.Text.Json.Serialization;
using Azure;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// A run as stored in the <c>runs</c> table (PartitionKey = id). The run record is the source of truth: a queue
/// message points at it, and may carry a copy as inserted (<see cref="RunMessage"/>), good only while the row's
/// <see cref="ETag"/> still matches. <see cref="ETag"/> guards every status transition.
/// </summary>
public sealed record RunRecord
{
    public required string Id { get; init; }
    public required string Status { get; init; }
    public string? Verdict { get; init; }
    public required string Language { get; init; }
    public required string Version { get; init; }
    public required RunLimits Limits { get; init; }

    /// <summary>The program: <see cref="Source"/>, or "" and <see cref="Files"/> (as the runner gets them: entry first, under the language's entry name).</summary>
    public string Source { get; init; } = "";
    public IReadOnlyList<SourceFile>? Files { get; init; }
    /// <summary>Test cases: the program runs once per case (<see cref="Stdin"/> and <see cref="ExpectedOutput"/> are then null).</summary>
    public IReadOnlyList<TestCaseInput>? Tests { get; init; }
    public bool StopOnFirstFailure { get; init; }
    public string? Stdin { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public string? ExpectedOutput { get; init; }
    public string? SessionId { get; init; }
    public string? Caller { get; init; }
    /// <summary>The API key that submitted the run (<c>key_…</c>): its owner alone may read it, its usage counts it.</summary>
    public string? KeyId { get; init; }
    /// <summary>Where the final run is delivered, and how far that got; null without a <c>callbackUrl</c>.</summary>
    public RunCallback? Callback { get; init; }

    /// <summary>What the runner reported; <see cref="RunResult.None"/> until it answered.</summary>
    public RunResult Result { get; init; } = RunResult.None;
    /// <summary>Why the app failed the run itself (with internal_error), if it did.</summary>
    public string? Error { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the run last entered <c>queued</c> (submission or requeue); the sweeper's clock for lost messages.</summary>
    public required DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>While <c>running</c>: past this instant the dispatcher is presumed dead and the sweeper may recover the run.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }
    /// <summary>Times the run was claimed by a dispatcher.</summary>
    public int Attempts { get; init; }
    /// <summary>Times the sweeper put the run back in the queue.</summary>
    public int Requeues { get; init; }

    [JsonIgnore]
    public ETag ETag { get; init; }

    [JsonIgnore]
    public bool IsFinal => RunStatus.IsFinal(Status);
}
