namespace Neuron.Functions.Burst;

/// <summary>Tags the controller writes on its container groups: its only state.</summary>
public static class BurstTags
{
    /// <summary>Marks a group as the controller's; value: the name prefix.</summary>
    public const string Owner = "neuron-burst";

    public const string CreatedAt = "neuron-created";

    public const string LastDemandAt = "neuron-last-demand";

    public static Dictionary<string, string> For(string prefix, DateTimeOffset createdAt, DateTimeOffset? lastDemandAt)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Owner] = prefix,
            [CreatedAt] = createdAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (lastDemandAt is { } demand)
        {
            tags[LastDemandAt] = demand.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return tags;
    }

    public static DateTimeOffset? ParseTime(IDictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var value) &&
        DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
}
