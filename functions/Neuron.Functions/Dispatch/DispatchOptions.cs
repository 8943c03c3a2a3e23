using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Dispatch;

/// <summary>Section <c>Dispatch</c>: leases and the sweeper.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    /// <summary>How long a claimed run may stay <c>running</c> before the sweeper presumes its dispatcher dead. Must exceed the runner call's timeout.</summary>
    [Range(5, 3_600)]
    public int LeaseSeconds { get; set; } = 150;

    /// <summary>
    /// How long a run may wait in <c>queued</c> while the queue holds messages before the sweeper assumes its message
    /// was lost and queues it again (a deep backlog is not a lost message).
    /// </summary>
    [Range(5, 86_400)]
    public int QueuedTimeoutSeconds { get; set; } = 900;

    /// <summary>
    /// How long a run may wait in <c>queued</c> while the queue is empty (so its message is certainly gone: a submitter
    /// that died between its row and its message, a queue that lost it) before the sweeper queues it again.
    /// </summary>
    [Range(1, 3_600)]
    public int QueuedGraceSeconds { get; set; } = 10;

    /// <summary>Sweeper requeues per run before it gives up and fails the run with <c>internal_error</c>.</summary>
    [Range(0, 100)]
    public int MaxRequeues { get; set; } = 2;
}
