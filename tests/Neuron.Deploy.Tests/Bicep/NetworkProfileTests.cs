using System.Text.Json.Nodes;

namespace Neuron.Deploy.Tests.Bicep;

/// <summary>
/// The two network profiles of main.bicep, read from what a deployment of each creates (the compiled ARM JSON with its
/// conditions and module parameters evaluated by <see cref="ArmEvaluator"/>).
/// </summary>
public sealed class NetworkProfileTests(CompiledTemplate template) : IClassFixture<CompiledTemplate>
{
    private const string ScaleToZero = "scaleToZero";
    private const string LoadBalanced = "internalLoadBalancer";

    private IEnumerable<JsonObject> Deployed(string profile, string type) => template.DeployedOfType(profile, type);

    private JsonObject Subnet(string profile, string name) =>
        Deployed(profile, "Microsoft.Network/virtualNetworks").Single()["properties"]!["subnets"]!.AsArray()
            .OfType<JsonObject>().Single(s => (string?)s["name"] == name);

    private List<JsonObject> RunnerRules(string profile, string direction) =>
        Deployed(profile, "Microsoft.Network/networkSecurityGroups").Single(n => CompiledTemplate.NameOf(n).EndsWith("-runners-nsg", StringComparison.Ordinal))
            ["properties"]!["securityRules"]!.AsArray().OfType<JsonObject>()
            .Where(r => (string?)r["properties"]!["direction"] == direction).ToList();

    private static string? Prop(JsonObject rule, string name) => (string?)rule["properties"]![name];

    private static int Priority(JsonObject rule) => (int)rule["properties"]!["priority"]!;

    private Dictionary<string, string> AppSettings(string profile) => CompiledTemplate.AppSettings(Deployed(profile, "Microsoft.Web/sites").Single());

    [Theory]
    [InlineData("Microsoft.Network/natGateways")]
    [InlineData("Microsoft.Network/loadBalancers")]
    [InlineData("Microsoft.Network/publicIPAddresses")]
    public void ScaleToZero_DeploysNoFixedPriceNetworking(string type)
    {
        Assert.Empty(Deployed(ScaleToZero, type));
        Assert.NotEmpty(Deployed(LoadBalanced, type)); // the same evaluation finds them in the other profile
    }

    [Fact]
    public void ScaleToZero_HasNoPublicInboundPathToTheRunners()
    {
        var vmss = Deployed(ScaleToZero, "Microsoft.Compute/virtualMachineScaleSets").Single();
        var network = vmss["properties"]!["virtualMachineProfile"]!["networkProfile"]!;

        Assert.DoesNotContain("publicIPAddressConfiguration", network.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(network["healthProbe"]);
        Assert.Empty(network["networkInterfaceConfigurations"]![0]!["properties"]!["ipConfigurations"]![0]!["properties"]!["loadBalancerBackendAddressPools"]!.AsArray());
        var inbound = RunnerRules(ScaleToZero, "Inbound");
        var functionsPrefix = (string?)Subnet(ScaleToZero, "functions")["properties"]!["addressPrefix"];
        var allows = inbound.Where(r => Prop(r, "access") == "Allow").ToList();
        var allow = Assert.Single(allows);
        Assert.Equal(functionsPrefix, Prop(allow, "sourceAddressPrefix"));
        Assert.Equal("5080", Prop(allow, "destinationPortRange"));
        var catchAll = Assert.Single(inbound, r => Prop(r, "access") == "Deny" && Prop(r, "sourceAddressPrefix") == "*");
        Assert.Contains(inbound, r => Prop(r, "access") == "Deny" && Prop(r, "sourceAddressPrefix") == "Internet");
        Assert.True(Priority(allow) < Priority(catchAll));
    }

    [Fact]
    public void ScaleToZero_RunnerEgressIsLimitedByRules_ToStorageAndKeyVaultOfTheRegion()
    {
        var outbound = RunnerRules(ScaleToZero, "Outbound");
        var allows = outbound.Where(r => Prop(r, "access") == "Allow").ToList();
        var denyInternet = Assert.Single(outbound, r => Prop(r, "access") == "Deny" && Prop(r, "destinationAddressPrefix") == "Internet");

        Assert.Equal(["AzureKeyVault.westeurope", "Storage.westeurope"], allows.Select(r => Prop(r, "destinationAddressPrefix")).Order(StringComparer.Ordinal));
        Assert.All(allows, r => Assert.Equal("443", Prop(r, "destinationPortRange")));
        Assert.All(allows, r => Assert.Equal("Tcp", Prop(r, "protocol")));
        Assert.All(allows, r => Assert.True(Priority(r) < Priority(denyInternet)));
        Assert.Contains(outbound, r => Prop(r, "access") == "Deny" && Prop(r, "destinationAddressPrefix") == "VirtualNetwork");
        // The load-balanced profile leaves through its NAT gateway and has no such rules.
        Assert.Empty(RunnerRules(LoadBalanced, "Outbound"));
    }

    [Fact]
    public void ScaleToZero_RunnerSubnet_IsPrivate_WithNoNatGateway_AndServiceEndpointsForStorageAndKeyVault()
    {
        var runners = Subnet(ScaleToZero, "runners")["properties"]!;

        Assert.Null(runners["natGateway"]);
        Assert.False((bool)runners["defaultOutboundAccess"]!);
        Assert.Equal(["Microsoft.KeyVault", "Microsoft.Storage"],
            runners["serviceEndpoints"]!.AsArray().Select(e => (string?)e!["service"]).Order(StringComparer.Ordinal));
        Assert.Contains("natGateways", (string?)Subnet(LoadBalanced, "runners")["properties"]!["natGateway"]!["id"], StringComparison.Ordinal);
    }

    [Fact]
    public void ScaleToZero_ScaleSetMinimumIsZero_AndItScalesOutOnQueueDepth()
    {
        var autoscale = Deployed(ScaleToZero, "Microsoft.Insights/autoscalesettings").Single()["properties"]!;
        var profile = autoscale["profiles"]![0]!;

        Assert.Equal("0", (string?)profile["capacity"]!["minimum"]);
        Assert.Equal("0", (string?)profile["capacity"]!["default"]);
        Assert.Equal(0, (int)Deployed(ScaleToZero, "Microsoft.Compute/virtualMachineScaleSets").Single()["sku"]!["capacity"]!);
        Assert.Contains(profile["rules"]!.AsArray(), r => (string?)r!["metricTrigger"]!["metricName"] == "ApproximateMessageCount"
            && (string?)r["scaleAction"]!["direction"] == "Increase");
        Assert.Equal("1", (string?)Deployed(LoadBalanced, "Microsoft.Insights/autoscalesettings").Single()["properties"]!["profiles"]![0]!["capacity"]!["minimum"]);
    }

    [Fact]
    public void ScaleToZero_TurnsBurstCapacityOn_AndTheAppFindsRunnersThroughTheTable()
    {
        var settings = AppSettings(ScaleToZero);

        Assert.Equal("True", settings["Burst__Enabled"]);
        Assert.Equal("Table", settings["Runner__Discovery"]);
        Assert.Single(Deployed(ScaleToZero, "Microsoft.ContainerRegistry/registries"));
        Assert.Equal("Url", AppSettings(LoadBalanced)["Runner__Discovery"]);
    }

    [Fact]
    public void ScaleToZero_NodesMayWriteOnlyTheRunnersTable_AndReportHealthThroughTheExtension()
    {
        var tableRole = Assert.Single(Deployed(ScaleToZero, "Microsoft.Authorization/roleAssignments"),
            r => ((string?)r["properties"]!["roleDefinitionId"] ?? "").Contains("storageTableDataContributor", StringComparison.Ordinal)
                && ((string?)r["properties"]!["principalId"] ?? "").Contains("virtualMachineScaleSets", StringComparison.Ordinal));
        Assert.Contains("tableServices/tables", (string?)tableRole["scope"], StringComparison.Ordinal);
        Assert.Contains("'runners'", (string?)tableRole["scope"], StringComparison.Ordinal);
        var extension = Deployed(ScaleToZero, "Microsoft.Compute/virtualMachineScaleSets").Single()
            ["properties"]!["virtualMachineProfile"]!["extensionProfile"]!["extensions"]![0]!["properties"]!;
        Assert.Equal("ApplicationHealthLinux", (string?)extension["type"]);
        Assert.Equal("/healthz", (string?)extension["settings"]!["requestPath"]);
        Assert.Null(Deployed(LoadBalanced, "Microsoft.Compute/virtualMachineScaleSets").Single()["properties"]!["virtualMachineProfile"]!["extensionProfile"]);
    }

    [Fact]
    public void LoadBalancedProfile_KeepsItsLoadBalancerProbeAndNatGateway()
    {
        var inbound = RunnerRules(LoadBalanced, "Inbound");

        Assert.Contains(inbound, r => Prop(r, "access") == "Allow" && Prop(r, "sourceAddressPrefix") == "AzureLoadBalancer");
        Assert.Single(Deployed(LoadBalanced, "Microsoft.Network/natGateways"));
        var vmss = Deployed(LoadBalanced, "Microsoft.Compute/virtualMachineScaleSets").Single();
        Assert.NotNull(vmss["properties"]!["virtualMachineProfile"]!["networkProfile"]!["healthProbe"]);
        Assert.Empty(Deployed(LoadBalanced, "Microsoft.ContainerRegistry/registries")); // burst stays off by default
    }
}
