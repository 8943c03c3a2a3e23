using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

public sealed class BurstOptionsValidatorTests
{
    private static readonly BurstOptionsValidator Validator = new();

    [Fact]
    public void DisabledBurst_NeedsNoSettings()
    {
        Assert.True(Validator.Validate(null, new BurstOptions()).Succeeded);
    }

    [Fact]
    public void CompleteConfiguration_IsValid()
    {
        Assert.True(Validator.Validate(null, BurstTestOptions.Create()).Succeeded);
    }

    public static TheoryData<string, Action<BurstOptions>> Invalid() => new()
    {
        { "SubscriptionId", o => o.SubscriptionId = "" },
        { "SubnetId", o => o.SubnetId = " " },
        { "Image", o => o.Image = "" },
        { "RunnerSecret", o => o.RunnerSecret = "" },
        { "MaxGroups", o => o.MaxGroups = -1 },
        { "RunsPerGroup", o => o.RunsPerGroup = 0 },
        { "IdleTimeout", o => o.IdleTimeout = o.TouchInterval },
        { "StartTimeout", o => o.StartTimeout = TimeSpan.Zero },
        { "RegistryIdentityResourceId", o => o.RegistryServer = "neuron.azurecr.io" },
        { "GroupNamePrefix", o => o.GroupNamePrefix = new string('a', 41) },
        { "RunnerPort", o => o.RunnerPort = 0 },
        { "SandboxImages", o => o.SandboxImages.Clear() },
        { "SandboxImages", o => o.SandboxImages["Not A Language"] = "x" },
        { "sandbox containers", o => o.MemoryInGb = 1 },
        { "sandbox containers", o => o.CpuCores = 0.6 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void EnabledBurst_IsRejected_WhenASettingIsMissingOrOutOfRange(string setting, Action<BurstOptions> spoil)
    {
        var options = BurstTestOptions.Create();
        spoil(options);

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
