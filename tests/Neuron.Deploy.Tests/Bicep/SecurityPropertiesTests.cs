using System.Text.Json.Nodes;

namespace Neuron.Deploy.Tests.Bicep;

/// <summary>The security properties issue 5 asks for, read from the compiled ARM JSON of main.bicep.</summary>
public sealed class SecurityPropertiesTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    /// <summary>The runner port as the network module's rules carry it: main passes 5080.</summary>
    private const string RunnerPort = "5080";

    /// <summary>The default profile: these properties are what a deployment with the template's defaults creates.</summary>
    private const string Profile = "internalLoadBalancer";

    private JsonArray RulesOf(string nsgSuffix) =>
        template.DeployedOfType(Profile, "Microsoft.Network/networkSecurityGroups")
            .Single(r => CompiledTemplate.NameOf(r).EndsWith(nsgSuffix, StringComparison.Ordinal))["properties"]!["securityRules"]!.AsArray();

    private JsonObject Subnet(string name) =>
        template.DeployedOfType(Profile, "Microsoft.Network/virtualNetworks").Single()["properties"]!["subnets"]!.AsArray()
            .OfType<JsonObject>().Single(s => (string?)s["name"] == name);

    private static IEnumerable<JsonObject> Inbound(JsonArray rules) =>
        rules.OfType<JsonObject>().Where(r => (string?)r["properties"]!["direction"] == "Inbound");

    [Fact]
    public void RunnerNsg_AllowsTheRunnerPortOnlyFromTheFunctionsSubnetAndTheProbe()
    {
        var allows = Inbound(RulesOf("-runners-nsg")).Where(r => (string?)r["properties"]!["access"] == "Allow").ToList();

        Assert.NotEmpty(allows);
        var functionsPrefix = (string?)Subnet("functions")["properties"]!["addressPrefix"];
        foreach (var rule in allows)
        {
            var source = (string?)rule["properties"]!["sourceAddressPrefix"];
            Assert.True(source == functionsPrefix || source == "AzureLoadBalancer", $"{rule["name"]} allows {source}");
            Assert.Equal(RunnerPort, (string?)rule["properties"]!["destinationPortRange"]);
        }

        Assert.Contains(allows, r => (string?)r["properties"]!["sourceAddressPrefix"] == functionsPrefix);
        Assert.Equal(5080, (int)template.Root["variables"]!["runnerPort"]!);
        var networkModule = template.OfType("Microsoft.Resources/deployments").Single(d => CompiledTemplate.NameOf(d) == "network");
        Assert.Equal("[variables('runnerPort')]", (string?)networkModule["properties"]!["parameters"]!["runnerPort"]!["value"]);
    }

    [Fact]
    public void RunnerNsg_DeniesInboundFromTheInternetAndEverythingElse()
    {
        var denies = Inbound(RulesOf("-runners-nsg")).Where(r => (string?)r["properties"]!["access"] == "Deny").ToList();

        Assert.Contains(denies, r => (string?)r["properties"]!["sourceAddressPrefix"] == "Internet" && (string?)r["properties"]!["destinationPortRange"] == "*");
        var catchAll = Assert.Single(denies, r => (string?)r["properties"]!["sourceAddressPrefix"] == "*");
        var allowPriorities = Inbound(RulesOf("-runners-nsg"))
            .Where(r => (string?)r["properties"]!["access"] == "Allow")
            .Select(r => (int)r["properties"]!["priority"]!);
        Assert.All(allowPriorities, p => Assert.True(p < (int)catchAll["properties"]!["priority"]!));
    }

    [Fact]
    public void BurstNsg_DeniesAllOutbound_AndOpensOnlyTheRunnerPortInbound()
    {
        var rules = RulesOf("-burst-nsg");
        var outbound = rules.OfType<JsonObject>().Where(r => (string?)r["properties"]!["direction"] == "Outbound").ToList();

        Assert.Contains(outbound, r => (string?)r["properties"]!["destinationAddressPrefix"] == "Internet" && (string?)r["properties"]!["access"] == "Deny");
        Assert.Contains(outbound, r => (string?)r["properties"]!["destinationAddressPrefix"] == "VirtualNetwork" && (string?)r["properties"]!["access"] == "Deny");
        Assert.DoesNotContain(outbound, r => (string?)r["properties"]!["access"] == "Allow");
        Assert.All(
            Inbound(rules).Where(r => (string?)r["properties"]!["access"] == "Allow"),
            r => Assert.Equal(RunnerPort, (string?)r["properties"]!["destinationPortRange"]));
    }

    [Fact]
    public void Subnets_HaveTheirNsg_RunnersLeaveThroughTheNatGateway_AndOnlyTheFunctionsSubnetIsDelegatedToFlex()
    {
        foreach (var name in new[] { "functions", "runners", "burst" })
        {
            Assert.NotNull(Subnet(name)["properties"]!["networkSecurityGroup"]);
        }

        Assert.Contains("natGateways", (string?)Subnet("runners")["properties"]!["natGateway"]!["id"], StringComparison.Ordinal);
        Assert.False((bool)Subnet("runners")["properties"]!["defaultOutboundAccess"]!);
        Assert.Equal("Microsoft.App/environments", (string?)Subnet("functions")["properties"]!["delegations"]![0]!["properties"]!["serviceName"]);
        Assert.Equal("Microsoft.ContainerInstance/containerGroups", (string?)Subnet("burst")["properties"]!["delegations"]![0]!["properties"]!["serviceName"]);
    }

    [Fact]
    public void RunnerLoadBalancer_IsStandardAndInternal_WithAHealthzProbe()
    {
        var lb = template.Single("Microsoft.Network/loadBalancers");
        var properties = lb["properties"]!;

        Assert.Equal("Standard", (string?)lb["sku"]!["name"]);
        var frontend = Assert.Single(properties["frontendIPConfigurations"]!.AsArray())!["properties"]!;
        Assert.NotNull(frontend["subnet"]);
        Assert.Null(frontend["publicIPAddress"]);
        var probe = Assert.Single(properties["probes"]!.AsArray())!["properties"]!;
        Assert.Equal("Http", (string?)probe["protocol"]);
        Assert.Equal("/healthz", (string?)probe["requestPath"]);
        Assert.All(
            template.OfType("Microsoft.Network/publicIPAddresses"),
            ip => Assert.Contains("-nat-ip", CompiledTemplate.NameOf(ip), StringComparison.Ordinal));
    }

    [Fact]
    public void RunnerScaleSet_UpgradesInRollingBatches_IsProbedOnHealthz_AndHasNoPublicAddress()
    {
        var vmss = template.DeployedOfType(Profile, "Microsoft.Compute/virtualMachineScaleSets").Single();
        var properties = vmss["properties"]!;

        Assert.Equal("Rolling", (string?)properties["upgradePolicy"]!["mode"]);
        Assert.Contains("'healthz'", (string?)properties["virtualMachineProfile"]!["networkProfile"]!["healthProbe"]!["id"], StringComparison.Ordinal);
        Assert.Equal("SystemAssigned", (string?)vmss["identity"]!["type"]);
        var profile = properties["virtualMachineProfile"]!;
        Assert.True((bool)profile["osProfile"]!["linuxConfiguration"]!["disablePasswordAuthentication"]!);
        Assert.DoesNotContain("publicIPAddressConfiguration", profile["networkProfile"]!.ToJsonString(), StringComparison.Ordinal);
        // Custom data is infra/cloud-init/runner.yaml, inlined at compile time with its tokens replaced.
        Assert.StartsWith("[base64(", (string?)profile["osProfile"]!["customData"], StringComparison.Ordinal);
        Assert.Contains("#cloud-config", template.Root.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_RequiresTls12_AllowsNoPublicBlobAccess_AndNoSharedKey()
    {
        var account = template.Single("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.All(
            template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", (string?)c["properties"]!["publicAccess"]));
    }

    [Fact]
    public void Storage_HasTheRunsAndWebhooksQueuesTheirPoisonQueuesTheTablesAndTheOutputsContainer()
    {
        var storageModule = template.OfType("Microsoft.Resources/deployments").Single(d => CompiledTemplate.NameOf(d) == "storage");
        var variables = storageModule["properties"]!["template"]!["variables"]!;

        Assert.Equal(["runs", "runs-poison", "webhooks", "webhooks-poison"], variables["queueNames"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(["runs", "ratelimits", "apikeys", "usage", "idempotency", "runners"], variables["tableNames"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("outputs", variables["containerNames"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void FunctionApp_IsHttpsOnly_OnFlexConsumption_RunningDotnetIsolated10()
    {
        var site = template.Single("Microsoft.Web/sites");
        var properties = site["properties"]!;
        var plan = template.Single("Microsoft.Web/serverfarms");

        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("dotnet-isolated", (string?)properties["functionAppConfig"]!["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)properties["functionAppConfig"]!["runtime"]!["version"]);
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.NotNull(properties["virtualNetworkSubnetId"]);
        Assert.Equal("[parameters('maximumInstanceCount')]", (string?)properties["functionAppConfig"]!["scaleAndConcurrency"]!["maximumInstanceCount"]);
        Assert.Equal("SystemAssignedIdentity", (string?)properties["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]);
    }

    /// <summary>
    /// On Flex Consumption the runtime lives in functionAppConfig only: these app settings are deprecated there
    /// ("Flex Consumption plan deprecations", Functions app settings reference), and zip deployment refuses an app
    /// that has the build and package ones (InvalidAppSettingsException). Azure compares setting names ignoring case.
    /// </summary>
    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME_VERSION")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("FUNCTIONS_MAX_HTTP_CONCURRENCY")]
    [InlineData("FUNCTIONS_WORKER_PROCESS_COUNT")]
    [InlineData("FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED")]
    [InlineData("WEBSITE_NODE_DEFAULT_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT")]
    [InlineData("SCM_DO_BUILD_DURING_DEPLOYMENT")]
    [InlineData("ENABLE_ORYX_BUILD")]
    public void FunctionApp_HasNoAppSettingFlexConsumptionRejects(string name)
    {
        var settings = AppSettings();

        Assert.NotEmpty(settings);
        Assert.DoesNotContain(settings.Keys, key => string.Equals(key, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The site properties that name a runtime on other plans would contradict functionAppConfig.runtime.</summary>
    [Fact]
    public void FunctionApp_NamesItsRuntimeOnlyInFunctionAppConfig()
    {
        var properties = template.Single("Microsoft.Web/sites")["properties"]!;
        string[] runtimeProperties = ["linuxFxVersion", "windowsFxVersion", "netFrameworkVersion", "javaVersion", "powerShellVersion", "nodeVersion", "pythonVersion"];

        var siteConfig = properties["siteConfig"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("appSettings", siteConfig);
        Assert.DoesNotContain(siteConfig, key => runtimeProperties.Contains(key, StringComparer.OrdinalIgnoreCase));
        Assert.NotNull(properties["functionAppConfig"]!["runtime"]);
    }

    [Fact]
    public void FunctionApp_LeavesTheRootPathToThePlayground()
    {
        // host.json's routePrefix is "": without this, the Functions host's own home page would answer /.
        Assert.Equal("true", AppSettings()["AzureWebJobsDisableHomepage"]);
        Assert.Equal("", (string?)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")))!["extensions"]!["http"]!["routePrefix"]);
    }

    [Fact]
    public void FunctionApp_UsesIdentityBasedStorage_AndHasTheRolesForIt()
    {
        var settings = AppSettings();

        Assert.True(settings.ContainsKey("AzureWebJobsStorage__accountName"));
        Assert.False(settings.ContainsKey("AzureWebJobsStorage"));
        Assert.DoesNotContain(settings.Values, v => v.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
        var functionModule = template.OfType("Microsoft.Resources/deployments").Single(d => CompiledTemplate.NameOf(d) == "functionApp");
        var roles = functionModule["properties"]!["template"]!["variables"]!["roles"]!;
        Assert.Equal("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", (string?)roles["storageBlobDataOwner"]);
        Assert.Equal("974c5e8b-45b9-4653-ba55-5f855dd0fb88", (string?)roles["storageQueueDataContributor"]);
        Assert.Equal("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", (string?)roles["storageTableDataContributor"]);
        Assert.Contains(
            template.OfType("Microsoft.Authorization/roleAssignments"),
            r => ((string?)r["properties"]!["roleDefinitionId"])!.Contains("storageRoles", StringComparison.Ordinal) && r["copy"] is not null);
    }

    [Theory]
    [InlineData("runnerSecret", "Runner__Secret")]
    [InlineData("adminKey", "Keys__AdminKey")]
    public void Secret_IsStoredOnlyInKeyVault_AndTheFunctionAppReferencesIt(string parameter, string appSetting)
    {
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", AppSettings()[appSetting], StringComparison.Ordinal);
        Assert.Equal("securestring", (string?)template.Root["parameters"]![parameter]!["type"]);

        var uses = Strings(template.Root).Where(s => s.GetValue<string>().Contains($"parameters('{parameter}')", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(uses);
        foreach (var use in uses)
        {
            var path = use.GetPath();
            var isPassedToKeyVaultModule = path.EndsWith($".properties.parameters.{parameter}.value", StringComparison.Ordinal)
                && OwningResource(use) is { } deployment && CompiledTemplate.NameOf(deployment) == "keyVault";
            var isTheVaultSecret = path.EndsWith(".properties.value", StringComparison.Ordinal)
                && OwningResource(use) is { } secret && (string?)secret["type"] == "Microsoft.KeyVault/vaults/secrets";
            Assert.True(isPassedToKeyVaultModule || isTheVaultSecret, $"{parameter} used at {path}");
        }

        var keyVaultModule = template.OfType("Microsoft.Resources/deployments").Single(d => CompiledTemplate.NameOf(d) == "keyVault");
        Assert.Equal("securestring", (string?)keyVaultModule["properties"]!["template"]!["parameters"]![parameter]!["type"]);
        Assert.DoesNotContain($"{parameter}')", template.Root["outputs"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void KeyVault_UsesRbac_AndDeniesNetworkAccessOutsideTheSubnets()
    {
        var vault = template.Single("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.Equal("Deny", (string?)vault["networkAcls"]!["defaultAction"]);
        Assert.Equal(
            2,
            template.OfType("Microsoft.Authorization/roleAssignments")
                .Count(r => ((string?)r["properties"]!["roleDefinitionId"])!.Contains("keyVaultSecretsUser", StringComparison.Ordinal)));
    }

    [Fact]
    public void Autoscale_ScalesTheRunnerScaleSetOnTheDepthOfTheRunsQueue()
    {
        var autoscale = template.Single("Microsoft.Insights/autoscalesettings")["properties"]!;

        Assert.Contains("virtualMachineScaleSets", (string?)autoscale["targetResourceUri"], StringComparison.Ordinal);
        var profile = Assert.Single(autoscale["profiles"]!.AsArray())!;
        Assert.Equal("[string(parameters('minInstances'))]", (string?)profile["capacity"]!["minimum"]);
        Assert.Equal("[string(parameters('maxInstances'))]", (string?)profile["capacity"]!["maximum"]);
        var queueRules = profile["rules"]!.AsArray().OfType<JsonObject>()
            .Where(r => (string?)r["metricTrigger"]!["metricName"] == "ApproximateMessageCount").ToList();
        Assert.Contains(queueRules, r => (string?)r["scaleAction"]!["direction"] == "Increase" && (string?)r["metricTrigger"]!["operator"] == "GreaterThan");
        Assert.Contains(queueRules, r => (string?)r["scaleAction"]!["direction"] == "Decrease");
        Assert.All(queueRules, r => Assert.Equal("[parameters('runsQueueResourceId')]", (string?)r["metricTrigger"]!["metricResourceUri"]));

        var storageModule = template.OfType("Microsoft.Resources/deployments").Single(d => CompiledTemplate.NameOf(d) == "storage");
        var queueId = (string?)storageModule["properties"]!["template"]!["outputs"]!["runsQueueResourceId"]!["value"];
        Assert.Contains("/services/queue/queues/", queueId, StringComparison.Ordinal);
        Assert.Equal("runs", (string?)storageModule["properties"]!["template"]!["variables"]!["runsQueueName"]);
    }

    [Fact]
    public void Outputs_IncludeTheApiBaseUrl()
    {
        var url = (string?)template.Root["outputs"]!["apiBaseUrl"]!["value"];

        Assert.Contains("https://", url, StringComparison.Ordinal);
        Assert.Contains("/api", url, StringComparison.Ordinal);
    }

    private Dictionary<string, string> AppSettings() => CompiledTemplate.AppSettings(template.Single("Microsoft.Web/sites"));

    private static IEnumerable<JsonValue> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out _) => [value],
        _ => [],
    };

    private static JsonObject? OwningResource(JsonNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            if (current is JsonObject obj && obj["type"] is JsonValue && obj["apiVersion"] is not null)
            {
                return obj;
            }
        }

        return null;
    }

    [Fact]
    public void BurstRegistry_HasNoAdminUser_AndGroupsPullWithAnIdentityHoldingAcrPull()
    {
        var registry = template.Single("Microsoft.ContainerRegistry/registries");
        var acrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

        Assert.False((bool)registry["properties"]!["adminUserEnabled"]!);
        var module = template.OfType("Microsoft.Resources/deployments").Single(d => CompiledTemplate.NameOf(d) == "registry");
        Assert.Equal(acrPull, (string?)module["properties"]!["template"]!["variables"]!["acrPull"]);
        var pull = Assert.Single(template.OfType("Microsoft.Authorization/roleAssignments"),
            r => ((string?)r["properties"]!["roleDefinitionId"] ?? "").Contains("variables('acrPull')", StringComparison.Ordinal));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities', parameters('pullIdentityName')", (string?)pull["properties"]!["principalId"], StringComparison.Ordinal);
        Assert.Equal("[resourceId('Microsoft.ContainerRegistry/registries', parameters('registryName'))]", (string?)pull["scope"]);
        var burstRole = template.OfType("Microsoft.Authorization/roleDefinitions").Single();
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
            burstRole["properties"]!["permissions"]![0]!["actions"]!.AsArray().Select(a => (string?)a));
    }
}
