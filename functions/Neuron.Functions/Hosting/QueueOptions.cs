using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Hosting;

/// <summary>
/// Queue-trigger semantics. Defaults come from host.json's <c>extensions.queues</c> (so local mode behaves like the
/// Functions host), then section <c>Queues</c> overrides them (tests use it to shorten delays).
/// </summary>
public sealed class QueueOptions
{
    public const string Section = "Queues";

    /// <summary>Upper bound of the adaptive poll interval when the queue is empty (host minimum: 100 ms).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Local mode: the first poll interval after the queue went empty; it doubles up to <see cref="MaxPollingInterval"/>.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The retry delay: how long a message whose invocation failed stays invisible.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Local mode: how long a message being processed stays invisible (the host uses 10 minutes and renews it).</summary>
    public TimeSpan ProcessingVisibility { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed invocations before the message moves to the poison queue.</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages received at once (at most 32, the queue service's bound).</summary>
    [Range(1, 32)]
    public int BatchSize { get; set; } = 32;

    [Range(0, 1_000)]
    public int NewBatchThreshold { get; set; } = 8;

    /// <summary>Local mode: run the queue listeners and timers (false only for tests that drive invocations by hand).</summary>
    public bool LocalTriggersEnabled { get; set; } = true;
}
