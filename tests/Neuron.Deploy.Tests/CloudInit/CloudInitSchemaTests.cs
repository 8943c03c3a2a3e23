using System.ComponentModel;
using System.Text.RegularExpressions;

namespace Neuron.Deploy.Tests.CloudInit;

/// <summary>infra/cloud-init/runner.yaml against Debian's cloud-init schema validator (apt: cloud-init).</summary>
public sealed partial class CloudInitSchemaTests
{
    private static readonly string RunnerConfig = Path.Combine(RepoPaths.CloudInit, "runner.yaml");

    private static async Task<ProcessRunner.Result> ValidateAsync(string file)
    {
        try
        {
            return await ProcessRunner.RunAsync("cloud-init", ["schema", "--config-file", file], TimeSpan.FromMinutes(1));
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("cloud-init is not installed: apt-get install -y cloud-init", ex);
        }
    }

    [Fact]
    public async Task RunnerCloudConfig_PassesCloudInitSchemaValidation()
    {
        var result = await ValidateAsync(RunnerConfig);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Valid cloud-config", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunnerCloudConfig_StaysValid_OnceBicepHasReplacedItsTokens()
    {
        var text = await File.ReadAllTextAsync(RunnerConfig);
        var tokens = Token().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        var runnersBicep = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Bicep, "modules", "runners.bicep"));
        var replacedByBicep = Token().Matches(runnersBicep).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(replacedByBicep, tokens);

        var rendered = text
            .Replace("__NEURON_RELEASE_URL__", "https://neuronabc.blob.core.windows.net/releases/runner.tar.gz", StringComparison.Ordinal)
            .Replace("__NEURON_VAULT_URI__", "https://neuron-kv-abc.vault.azure.net/", StringComparison.Ordinal)
            .Replace("__NEURON_SECRET_NAME__", "runner-secret", StringComparison.Ordinal)
            .Replace("__NEURON_RUNNER_PORT__", "5080", StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"neuron-cloud-init-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, rendered);
        try
        {
            var result = await ValidateAsync(file);
            Assert.True(result.ExitCode == 0, result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Proves the validator can fail: a config with wrongly typed keys is rejected.</summary>
    [Fact]
    public async Task SchemaValidation_RejectsAConfigWithWronglyTypedKeys()
    {
        var file = Path.Combine(Path.GetTempPath(), $"neuron-cloud-init-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "#cloud-config\npackages: docker.io\nruncmd: {start: now}\n");
        try
        {
            var result = await ValidateAsync(file);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("runcmd", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RunnerCloudConfig_InstallsDocker_ReadsTheSecretFromKeyVault_AndStartsTheAgentService()
    {
        var text = await File.ReadAllTextAsync(RunnerConfig);

        Assert.Contains("apt-get install -y --no-install-recommends docker.io", text, StringComparison.Ordinal);
        Assert.Contains("metadata/identity/oauth2/token", text, StringComparison.Ordinal);
        Assert.Contains("https://vault.azure.net", text, StringComparison.Ordinal);
        Assert.Contains("ExecStartPre=+/usr/local/lib/neuron/fetch-secret.sh", text, StringComparison.Ordinal);
        Assert.Contains("BASE_IMAGE=debian:bookworm-slim /opt/neuron/infra/build-images", text, StringComparison.Ordinal);
        Assert.Contains("[systemctl, enable, --now, neuron-runner.service]", text, StringComparison.Ordinal);
        Assert.Contains("Environment=ASPNETCORE_URLS=http://0.0.0.0:__NEURON_RUNNER_PORT__", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Runner__Secret=", text.Replace("printf 'Runner__Secret=%s", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>scaleToZero nodes reach only Storage and Key Vault: Docker and the images come with the release, and the node registers itself.</summary>
    [Fact]
    public async Task RunnerCloudConfig_InstallsFromTheReleaseOffline_AndRegistersTheNode_InScaleToZero()
    {
        var text = await File.ReadAllTextAsync(RunnerConfig);

        Assert.Contains("if [ -d /opt/neuron/offline ]; then", text, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y --no-install-recommends /opt/neuron/offline/debs/*.deb", text, StringComparison.Ordinal);
        Assert.Contains("docker load -i \"$image\"", text, StringComparison.Ordinal);
        Assert.Contains("NEURON_RUNNERS_TABLE_URL=__NEURON_RUNNERS_TABLE_URL__", text, StringComparison.Ordinal);
        Assert.Contains("Runner__Registration__TableUrl=%s", text, StringComparison.Ordinal);
        Assert.Contains("metadata/instance/network/interface/0/ipv4/ipAddress/0/privateIpAddress", text, StringComparison.Ordinal);
        // Nothing before Docker is in needs a package the Debian image lacks (jq was one).
        Assert.DoesNotContain("jq ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("packages:", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("__NEURON_[A-Z_]+__")]
    private static partial Regex Token();
}
