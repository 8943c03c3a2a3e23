namespace Neuron.Deploy.Tests.Deploy;

/// <summary>bicep/README.md carries the "Deploy to Azure" section the main README takes over.</summary>
public sealed class DeployReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepoPaths.Bicep, "README.md"));

    [Theory]
    [InlineData("# Deploy to Azure")]
    [InlineData("## Prerequisites")]
    [InlineData("## The one command")]
    [InlineData("## What it creates")]
    [InlineData("## Cost estimate")]
    [InlineData("**Idle deployment, per month**")]
    [InlineData("**Per 1,000 runs**")]
    [InlineData("## Tear down")]
    public void DeployReadme_HasTheSection(string heading)
    {
        Assert.Contains(heading, Readme, StringComparison.Ordinal);
    }

    [Fact]
    public void DeployReadme_ShowsTheCommandsThatExist()
    {
        Assert.Contains("infra/deploy --what-if", Readme, StringComparison.Ordinal);
        Assert.Contains("az group delete -n neuron --yes", Readme, StringComparison.Ordinal);
        Assert.True(File.Exists(RepoPaths.DeployScript));
    }
}
