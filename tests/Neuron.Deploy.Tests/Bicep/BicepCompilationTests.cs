namespace Neuron.Deploy.Tests.Bicep;

public sealed class BicepCompilationTests
{
    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Bicep, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Bicep, file));
        }

        return data;
    }

    /// <summary>What infra/deploy exports before it deploys main.bicepparam.</summary>
    private static Dictionary<string, string?> DeployEnvironment() => new()
    {
        ["NEURON_SSH_PUBLIC_KEY"] = "ssh-rsa AAAAB3NzaC1yc2E test",
        ["NEURON_RUNNER_SECRET"] = "not-a-real-secret",
        ["NEURON_ADMIN_KEY"] = "not-a-real-admin-key-not-a-real-admin-key",
    };

    [Fact]
    public void TheBicepFolder_HoldsMainAndItsModules()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Bicep, "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Bicep, f))
            .ToList();
        Assert.Contains("main.bicep", files);
        Assert.True(files.Count(f => f.StartsWith("modules", StringComparison.Ordinal)) >= 6, string.Join(", ", files));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task EveryBicepFile_CompilesWithNoErrorAndNoLinterWarning(string relativePath)
    {
        var compilation = await BicepCompiler.BuildOnceAsync(Path.Combine(RepoPaths.Bicep, relativePath));

        Assert.True(compilation.ExitCode == 0, compilation.Output);
        Assert.Empty(compilation.Errors);
        Assert.Empty(compilation.Warnings);
        Assert.NotNull(compilation.Template);
    }

    [Fact]
    public async Task ParametersFile_CompilesWithNoErrorAndNoWarning_WhenTheDeployScriptsVariablesAreSet()
    {
        var environment = DeployEnvironment();

        var compilation = await BicepCompiler.BuildAsync(Path.Combine(RepoPaths.Bicep, "main.bicepparam"), environment);

        Assert.True(compilation.ExitCode == 0, compilation.Output);
        Assert.Empty(compilation.Warnings);
        Assert.Equal("not-a-real-secret", (string?)compilation.Template?["parameters"]?["runnerSecret"]?["value"]);
        Assert.Equal("not-a-real-admin-key-not-a-real-admin-key", (string?)compilation.Template?["parameters"]?["adminKey"]?["value"]);
    }

    [Theory]
    [InlineData("internalLoadBalancer")]
    [InlineData("scaleToZero")]
    public async Task ParametersFile_CompilesWithNoWarning_ForEachNetworkProfile(string profile)
    {
        var environment = DeployEnvironment();
        environment["NEURON_NETWORK_PROFILE"] = profile;

        var compilation = await BicepCompiler.BuildAsync(Path.Combine(RepoPaths.Bicep, "main.bicepparam"), environment);

        Assert.True(compilation.ExitCode == 0, compilation.Output);
        Assert.Empty(compilation.Warnings);
        Assert.Equal(profile, (string?)compilation.Template?["parameters"]?["networkProfile"]?["value"]);
    }

    [Fact]
    public async Task ParametersFile_FailsToCompile_ForAnUnknownNetworkProfile()
    {
        var environment = DeployEnvironment();
        environment["NEURON_NETWORK_PROFILE"] = "natGatewayForever";

        var compilation = await BicepCompiler.BuildAsync(Path.Combine(RepoPaths.Bicep, "main.bicepparam"), environment);

        Assert.NotEqual(0, compilation.ExitCode);
    }

    [Theory]
    [InlineData("NEURON_RUNNER_SECRET")]
    [InlineData("NEURON_ADMIN_KEY")]
    public async Task ParametersFile_FailsToCompile_WhenASecretIsMissing(string missing)
    {
        var environment = DeployEnvironment();
        environment[missing] = null;

        var compilation = await BicepCompiler.BuildAsync(Path.Combine(RepoPaths.Bicep, "main.bicepparam"), environment);

        Assert.NotEqual(0, compilation.ExitCode);
        Assert.Contains(compilation.Errors, e => e.Contains(missing, StringComparison.Ordinal));
    }

    /// <summary>Proves the check above can fail: our linter configuration reports warnings and we see them.</summary>
    [Fact]
    public async Task Linter_ReportsWarnings_ForADeliberatelyBadFile()
    {
        var dir = Directory.CreateTempSubdirectory("neuron-bicep-bad-");
        try
        {
            File.Copy(Path.Combine(RepoPaths.Bicep, "bicepconfig.json"), Path.Combine(dir.FullName, "bicepconfig.json"));
            var file = Path.Combine(dir.FullName, "bad.bicep");
            await File.WriteAllTextAsync(file, """
                param unused string
                param adminPassword string = 'hunter2'
                var region = 'westeurope'
                resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
                  name: 'neuronbad${adminPassword}'
                  location: region
                  kind: 'StorageV2'
                  sku: { name: 'Standard_LRS' }
                }
                """);

            var compilation = await BicepCompiler.BuildAsync(file);

            Assert.Equal(0, compilation.ExitCode);
            Assert.Contains(compilation.Warnings, w => w.Contains("no-unused-params", StringComparison.Ordinal));
            Assert.Contains(compilation.Warnings, w => w.Contains("no-hardcoded-location", StringComparison.Ordinal));
            Assert.Contains(compilation.Warnings, w => w.Contains("secure-secrets-in-params", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
