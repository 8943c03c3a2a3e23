using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Neuron.Functions.Runners;

namespace Neuron.Functions.UnitTests.Runners;

/// <summary>RunnerOptions as the two deployments set them (bicep/modules/functionApp.bicep: Runner__Discovery, Runner__Url).</summary>
public sealed class RunnerOptionsTests
{
    private static (RunnerOptions Options, List<ValidationResult> Errors) Bind(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Runner:Secret", "a-secret-of-sixteen-or-more");
        var options = new RunnerOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RunnerOptions.Section).Bind(options);
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        return (options, errors);
    }

    [Fact]
    public void ScaleToZero_TableDiscoveryWithTheEmptyUrlTheTemplateSets_IsValid()
    {
        var (options, errors) = Bind(new() { ["Runner:Discovery"] = "Table", ["Runner:Url"] = "" });

        Assert.Equal(RunnerDiscovery.Table, options.Discovery);
        Assert.Empty(errors);
    }

    [Fact]
    public void LoadBalancer_UrlDiscovery_NeedsAnAbsoluteUrl()
    {
        var (_, bad) = Bind(new() { ["Runner:Discovery"] = "Url", ["Runner:Url"] = "" });
        var (good, none) = Bind(new() { ["Runner:Discovery"] = "Url", ["Runner:Url"] = "http://10.40.2.250:5080" });

        Assert.Contains(bad, e => e.MemberNames.Contains(nameof(RunnerOptions.Url)));
        Assert.Empty(none);
        Assert.Equal(new Uri("http://10.40.2.250:5080"), good.Url);
    }
}
