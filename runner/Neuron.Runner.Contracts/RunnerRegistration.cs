namespace Neuron.Runner.Contracts;

/// <summary>
/// The row a runner node keeps in the <c>runners</c> table while it serves (the scaleToZero profile has no load
/// balancer: the dispatcher finds nodes here). PartitionKey <see cref="Partition"/>, RowKey the node's instance id; the
/// node rewrites it every heartbeat and deletes it when it stops. A row whose heartbeat is older than the reader's
/// staleness bound is skipped (the node died without deleting it), and deleted later.
/// </summary>
public static class RunnerRegistration
{
    public const string Partition = "vm";

    /// <summary>The node's private runner URL (<c>http://10.40.2.4:5080/</c>).</summary>
    public const string UrlColumn = "Url";

    /// <summary>When the node last wrote its row (UTC, the node's clock).</summary>
    public const string HeartbeatColumn = "HeartbeatAt";
}
