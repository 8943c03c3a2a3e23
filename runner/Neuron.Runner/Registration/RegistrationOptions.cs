using System.ComponentModel.DataAnnotations;

namespace Neuron.Runner.Registration;

/// <summary>
/// Where this node registers itself for the dispatcher (section <c>Runner:Registration</c>; the scaleToZero profile).
/// Off unless <see cref="TableUrl"/> (Azure: the node's managed identity) or <see cref="ConnectionString"/> (Azurite) is set.
/// </summary>
public sealed class RegistrationOptions : IValidatableObject
{
    public const string Section = "Runner:Registration";

    /// <summary>The runners table, <c>https://{account}.table.core.windows.net/runners</c>; written with the VM's identity.</summary>
    public Uri? TableUrl { get; set; }

    /// <summary>A storage connection string instead (Azurite, tests), with <see cref="Table"/>.</summary>
    public string? ConnectionString { get; set; }

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string Table { get; set; } = "runners";

    /// <summary>The URL the dispatcher reaches this node at (its private address and port).</summary>
    public Uri? Url { get; set; }

    /// <summary>How often the row is rewritten; readers treat a row as stale after a few missed beats.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 10;

    public bool Enabled => TableUrl is not null || !string.IsNullOrWhiteSpace(ConnectionString);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TableUrl is not null && !string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Set Registration:TableUrl or Registration:ConnectionString, not both", [nameof(TableUrl)]);
        if (TableUrl is { IsAbsoluteUri: false } or { Scheme: not "https" and not "http" })
            yield return new ValidationResult("Registration:TableUrl must be an absolute http(s) URL of the table", [nameof(TableUrl)]);
        if (Enabled && Url is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
            yield return new ValidationResult("Registration:Url (the address the dispatcher reaches this node at) is required when registration is on", [nameof(Url)]);
    }
}
