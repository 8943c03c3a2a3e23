using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Burst;

/// <summary>Rejects a burst configuration that could not work, before the first timer tick.</summary>
public sealed partial class BurstOptionsValidator : IValidateOptions<BurstOptions>
{
    /// <summary>Language ids name containers ("sandbox-&lt;id&gt;") and socket folders.</summary>
    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,30}\z")]
    private static partial Regex LanguageId();

    public ValidateOptionsResult Validate(string? name, BurstOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        Require(options.SubscriptionId, nameof(options.SubscriptionId));
        Require(options.ResourceGroupName, nameof(options.ResourceGroupName));
        Require(options.Location, nameof(options.Location));
        Require(options.SubnetId, nameof(options.SubnetId));
        Require(options.Image, nameof(options.Image));
        Require(options.GroupNamePrefix, nameof(options.GroupNamePrefix));
        Require(options.QueueName, nameof(options.QueueName));
        if (string.IsNullOrWhiteSpace(options.RunnerSecret))
        {
            failures.Add("Burst:RunnerSecret (or Runner:Secret) is required.");
        }

        if (!string.IsNullOrEmpty(options.RegistryServer) && string.IsNullOrEmpty(options.RegistryIdentityResourceId))
        {
            failures.Add("Burst:RegistryIdentityResourceId is required with Burst:RegistryServer.");
        }

        if (options.MaxGroups is < 0 or > 100)
        {
            failures.Add("Burst:MaxGroups must be between 0 and 100.");
        }

        if (options.RunsPerGroup < 1 || options.RunsPerVm < 1 || options.StartBacklog < 1)
        {
            failures.Add("Burst:RunsPerGroup, RunsPerVm and StartBacklog must be at least 1.");
        }

        if (options.RunnerPort is < 1 or > 65535)
        {
            failures.Add("Burst:RunnerPort must be a TCP port.");
        }

        if (options.CpuCores <= 0 || options.MemoryInGb <= 0)
        {
            failures.Add("Burst:CpuCores and MemoryInGb must be positive.");
        }

        if (options.SandboxImages.Count == 0 || options.SandboxImages.Any(i => string.IsNullOrWhiteSpace(i.Value) || !LanguageId().IsMatch(i.Key)))
        {
            failures.Add("Burst:SandboxImages needs an image for at least one language (Burst:SandboxImages:<language>=<image>).");
        }
        else if (options.SandboxCpuCores < 0.1 || options.SandboxMemoryInGb < 0.3 || options.AgentCpuCores < 0.1 || options.AgentMemoryInGb < 0.3)
        {
            failures.Add($"Burst:CpuCores and MemoryInGb leave each of the {options.SandboxImages.Count} sandbox containers " +
                $"{options.SandboxCpuCores} CPU and {options.SandboxMemoryInGb} GB; each container (the agent's too) needs at least 0.1 CPU and 0.3 GB.");
        }

        if (options.TouchInterval <= TimeSpan.Zero || options.IdleTimeout <= options.TouchInterval)
        {
            failures.Add("Burst:IdleTimeout must be longer than Burst:TouchInterval, which must be positive.");
        }

        if (options.StartTimeout <= TimeSpan.Zero)
        {
            failures.Add("Burst:StartTimeout must be positive.");
        }

        if (options.ConflictAttempts < 1 || options.ConflictBaseDelay < TimeSpan.Zero)
        {
            failures.Add("Burst:ConflictAttempts must be at least 1 and ConflictBaseDelay not negative.");
        }

        // ARM names: 1-63 chars; the controller appends "-yyyyMMddHHmmss-NN" (18 chars).
        if (options.GroupNamePrefix.Length > 40)
        {
            failures.Add("Burst:GroupNamePrefix must be at most 40 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Require(string value, string property)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"Burst:{property} is required when Burst:Enabled is true.");
            }
        }
    }
}
