using System.IO.Compression;

namespace Neuron.Deploy.Tests.Deploy;

/// <summary>infra/deploy, run for real against recording stand-ins of az and dotnet.</summary>
public sealed class DeployScriptTests
{
    [Fact]
    public async Task WhatIf_PreviewsTheDeployment_AndChangesNothing()
    {
        using var sandbox = new DeploySandbox();

        var result = await sandbox.RunAsync("--what-if");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Resource changes: 42 to create.", result.StandardOutput, StringComparison.Ordinal);
        var whatIf = Assert.Single(sandbox.Calls, c => c.StartsWith("az deployment group what-if", StringComparison.Ordinal));
        Assert.Contains("-g neuron-test", whatIf, StringComparison.Ordinal);
        Assert.EndsWith("bicep/main.bicepparam", whatIf, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, c => c.StartsWith("az group create", StringComparison.Ordinal)
            || c.StartsWith("az deployment group create", StringComparison.Ordinal)
            || c.StartsWith("az storage blob upload", StringComparison.Ordinal)
            || c.StartsWith("az functionapp", StringComparison.Ordinal)
            || c.StartsWith("dotnet", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(sandbox.State, "neuron-test.secret")), "what-if must not mint a secret");
    }

    [Fact]
    public async Task WhatIf_OnAMissingResourceGroup_SaysWhatWouldBeCreated()
    {
        using var sandbox = new DeploySandbox();

        var result = await sandbox.RunAsync(new Dictionary<string, string?> { ["STUB_GROUP_EXISTS"] = "false" }, "--what-if");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("does not exist", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, c => c.StartsWith("az group create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FirstDeploy_CreatesTheGroup_Deploys_UploadsTheRelease_ZipDeploysTheApp_AndPrintsTheEndpoint()
    {
        using var sandbox = new DeploySandbox(existingStorageAccount: null);

        var result = await sandbox.RunAsync("--location", "northeurope");

        Assert.True(result.ExitCode == 0, result.Output);
        var group = sandbox.IndexOf("az group create -n neuron-test -l northeurope");
        var deploy = sandbox.IndexOf("az deployment group create -g neuron-test");
        var upload = sandbox.IndexOf("az storage blob upload --auth-mode login --account-name neuronabc -c releases");
        var zipDeploy = sandbox.IndexOf("az functionapp deployment source config-zip -g neuron-test -n neuron-api-abc");
        Assert.True(group >= 0 && deploy > group && upload > deploy && zipDeploy > deploy, string.Join('\n', sandbox.Calls));
        Assert.Contains(sandbox.Calls, c => c.StartsWith("dotnet publish", StringComparison.Ordinal) && c.Contains("runner/Neuron.Runner", StringComparison.Ordinal));
        Assert.Contains(sandbox.Calls, c => c.StartsWith("dotnet publish", StringComparison.Ordinal) && c.Contains("functions/Neuron.Functions", StringComparison.Ordinal));
        Assert.Contains("https://neuron-api-abc.azurewebsites.net/api", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("curl -fsS https://neuron-api-abc.azurewebsites.net/api/health", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("az group delete -n neuron-test", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployWithBurst_BuildsTheAgentAndSandboxImages_AndPushesThemToTheTemplatesRegistry_BeforeTheApp()
    {
        using var sandbox = new DeploySandbox(existingStorageAccount: null);

        var result = await sandbox.RunAsync(new Dictionary<string, string?>
        {
            ["NEURON_BURST_ENABLED"] = "true",
            ["NEURON_BUILD_IMAGES"] = sandbox.BuildImages,
        });

        Assert.True(result.ExitCode == 0, result.Output);
        var deploy = sandbox.IndexOf("az deployment group create -g neuron-test");
        var build = sandbox.IndexOf("build-images");
        var login = sandbox.IndexOf("az acr login -n neuronacrabc");
        var zipDeploy = sandbox.IndexOf("az functionapp deployment source config-zip");
        Assert.True(deploy >= 0 && build > deploy && login > build && zipDeploy > login, string.Join('\n', sandbox.Calls));
        string[] images = ["neuron-runner/agent:3", .. new[] { "python", "javascript", "java", "c", "cpp" }.Select(SandboxImages.Of)];
        foreach (var image in images)
        {
            var push = sandbox.IndexOf($"docker push -q neuronacrabc.azurecr.io/{image}");
            Assert.True(push > login && push < zipDeploy, $"{image} was not pushed in order:\n{string.Join('\n', sandbox.Calls)}");
            Assert.Contains($"docker tag {image} neuronacrabc.azurecr.io/{image}", sandbox.Calls);
        }
    }

    [Fact]
    public async Task ScaleToZeroFlag_PassesTheProfile_TurnsBurstOn_AndPacksImagesAndDockerIntoTheReleaseBeforeUploadingIt()
    {
        using var sandbox = new DeploySandbox(existingStorageAccount: null);

        var result = await sandbox.RunAsync(new Dictionary<string, string?> { ["NEURON_BUILD_IMAGES"] = sandbox.BuildImages }, "--network-profile", "scaleToZero");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.All(File.ReadAllLines(sandbox.EnvLog), l => Assert.Contains("NEURON_NETWORK_PROFILE=scaleToZero", l, StringComparison.Ordinal));
        var build = sandbox.IndexOf("build-images");
        var deploy = sandbox.IndexOf("az deployment group create");
        var upload = sandbox.IndexOf("az storage blob upload");
        var debs = sandbox.IndexOf("docker run --rm -v");
        Assert.True(build >= 0 && build < deploy && debs > build && debs < upload, string.Join('\n', sandbox.Calls));
        Assert.Single(sandbox.Calls, c => c.StartsWith("build-images", StringComparison.Ordinal)); // built once, for the release and the registry
        foreach (var language in new[] { "python", "javascript", "java", "c", "cpp" })
        {
            var save = sandbox.Calls.ToList().FindIndex(c => c.StartsWith("docker save -o ", StringComparison.Ordinal)
                && c.EndsWith($"/offline/images/{language}.tar {SandboxImages.Of(language)}", StringComparison.Ordinal));
            Assert.True(save > build && save < upload, $"{language}: {string.Join('\n', sandbox.Calls)}");
        }
        Assert.Contains(sandbox.Calls, c => c.StartsWith("docker run --rm -v", StringComparison.Ordinal) && c.Contains("debian:bookworm-slim", StringComparison.Ordinal) && c.Contains("docker.io", StringComparison.Ordinal));
        Assert.Contains(sandbox.Calls, c => c.StartsWith("az acr login -n neuronacrabc", StringComparison.Ordinal)); // burst groups still pull from the registry
        Assert.Contains("Profile:    scaleToZero", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownNetworkProfile_StopsBeforeAnythingIsCreated()
    {
        using var sandbox = new DeploySandbox();

        var result = await sandbox.RunAsync("--network-profile", "natGatewayForever");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown network profile", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, c => c.StartsWith("az group create", StringComparison.Ordinal) || c.StartsWith("dotnet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployWithoutBurst_PushesNoImage()
    {
        using var sandbox = new DeploySandbox(existingStorageAccount: null);

        var result = await sandbox.RunAsync(new Dictionary<string, string?> { ["NEURON_BUILD_IMAGES"] = sandbox.BuildImages });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(sandbox.Calls, c => c.StartsWith("docker", StringComparison.Ordinal) || c.StartsWith("build-images", StringComparison.Ordinal));
        Assert.DoesNotContain(sandbox.Calls, c => c.StartsWith("az acr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_GivesTheTemplateASecretAndAKey_AndKeepsTheSecretForTheNextDeploy()
    {
        using var sandbox = new DeploySandbox();

        var first = await sandbox.RunAsync();
        var second = await sandbox.RunAsync();

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Output + second.Output);
        var secrets = File.ReadAllLines(sandbox.EnvLog)
            .Select(l => l.Split(' ')[0]["NEURON_RUNNER_SECRET=".Length..])
            .Distinct()
            .ToList();
        var secret = Assert.Single(secrets);
        Assert.True(secret.Length >= 48, "a strong generated secret");
        Assert.Equal(secret, File.ReadAllText(Path.Combine(sandbox.State, "neuron-test.secret")));
        Assert.DoesNotContain(File.ReadAllLines(sandbox.EnvLog), l => l.Contains("NEURON_SSH_PUBLIC_KEY= ", StringComparison.Ordinal));
        Assert.DoesNotContain(secret, first.Output + second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_UploadsTheReleaseBeforeDeploying_SoNewNodesFindIt()
    {
        using var sandbox = new DeploySandbox(existingStorageAccount: "neuronabc");

        var result = await sandbox.RunAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        var upload = sandbox.IndexOf("az storage blob upload");
        var deploy = sandbox.IndexOf("az deployment group create");
        Assert.True(upload >= 0 && upload < deploy, string.Join('\n', sandbox.Calls));
        Assert.Single(sandbox.Calls, c => c.StartsWith("az storage blob upload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunnerRelease_HoldsTheAgentTheImageBuildScriptAndTheImageSources()
    {
        using var sandbox = new DeploySandbox();

        var result = await sandbox.RunAsync();
        Assert.True(result.ExitCode == 0, result.Output);
        var listing = await ProcessRunner.RunAsync("tar", ["-tzf", sandbox.UploadedRelease], TimeSpan.FromMinutes(1));

        var entries = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("./agent/app.dll", entries);
        Assert.Contains("./infra/build-images", entries);
        Assert.Contains("./runner/images/base/packages.txt", entries);
        var blob = Assert.Single(sandbox.Calls, c => c.StartsWith("az storage blob upload", StringComparison.Ordinal));
        Assert.Matches(@"-n runner-[0-9a-f]{12}(-dirty-\d{14})?\.tar\.gz", blob);
    }

    [Fact]
    public async Task FunctionsZip_HoldsTheIsolatedWorkerLayout_AtItsRoot()
    {
        using var sandbox = new DeploySandbox();

        var result = await sandbox.RunAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        using var zip = ZipFile.OpenRead(sandbox.DeployedApp);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("host.json", entries);
        Assert.Contains("functions.metadata", entries);
        Assert.Contains("worker.config.json", entries);
        // A dot folder: a zip of the folder's visible files would leave it out.
        Assert.Contains(".azurefunctions/Microsoft.Azure.WebJobs.Extensions.FunctionMetadataLoader.dll", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith("function.json", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("no-metadata", "has no functions.metadata")]
    [InlineData("no-worker-config", "has no worker.config.json")]
    [InlineData("no-extensions", "has no .azurefunctions/")]
    [InlineData("custom-handler", "host.json has a customHandler section")]
    [InlineData("function-folder", "has function.json folders")]
    public async Task Deploy_StopsBeforeTheTemplate_WhenThePublishedAppIsNotAnIsolatedWorkerLayout(string defect, string error)
    {
        using var sandbox = new DeploySandbox();

        var result = await sandbox.RunAsync(new Dictionary<string, string?> { ["STUB_FUNCTIONS_DEFECT"] = defect });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(error, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(sandbox.Calls, c => c.StartsWith("dotnet publish", StringComparison.Ordinal) && c.Contains("functions/Neuron.Functions", StringComparison.Ordinal));
        Assert.DoesNotContain(sandbox.Calls, c => c.StartsWith("az deployment group create", StringComparison.Ordinal)
            || c.StartsWith("az functionapp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_Stops_WhenNotLoggedInToAzure()
    {
        using var sandbox = new DeploySandbox();
        File.WriteAllText(Path.Combine(sandbox.Bin, "az"), "#!/bin/bash\necho \"az $*\" >> \"" + sandbox.CallLog + "\"\nexit 1\n");

        var result = await sandbox.RunAsync();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("az login", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Calls, c => c.StartsWith("az group create", StringComparison.Ordinal));
    }
}
