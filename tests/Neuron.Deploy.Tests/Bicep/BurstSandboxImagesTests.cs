using System.Text.Json.Nodes;

namespace Neuron.Deploy.Tests.Bicep;

/// <summary>
/// Burst container groups run the sandbox images the runner ships: the Function App's Burst__SandboxImages settings
/// carry languages.json's tags (the ones infra/deploy pushes), in whichever repository the deployment names.
/// </summary>
public sealed class BurstSandboxImagesTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string Repository = "ghcr.io/you/neuron-sandbox";

    [Theory]
    [InlineData("python", "python")]
    [InlineData("javascript", "javascript")]
    [InlineData("java", "java")]
    [InlineData("c", "c")]
    [InlineData("cpp", "cpp")]
    [InlineData("cpp20", "cpp")]
    public void BurstGroups_RunTheRunnersOwnSandboxImage_InTheGivenRepository(string language, string image)
    {
        var settings = CompiledTemplate.AppSettings(template.DeployedWith("scaleToZero", new Dictionary<string, JsonNode?>
        {
            ["burstImage"] = JsonValue.Create("ghcr.io/you/neuron-runner/agent:3"),
            ["burstSandboxRepository"] = JsonValue.Create(Repository),
        }).Single(r => string.Equals((string?)r["type"], "Microsoft.Web/sites", StringComparison.OrdinalIgnoreCase)));

        var shipped = SandboxImages.Of(language);
        Assert.StartsWith($"neuron-sandbox/{image}:", shipped, StringComparison.Ordinal);
        Assert.Equal($"{Repository}/{shipped["neuron-sandbox/".Length..]}", settings[$"Burst__SandboxImages__{language}"]);
    }
}
