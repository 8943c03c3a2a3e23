using System.Reflection;
using System.Runtime.Versioning;

// The bicep compiler package is linux-x64, and the scripts under test are bash.
[assembly: SupportedOSPlatform("linux")]

namespace Neuron.Deploy.Tests;

/// <summary>Where the repository and the bicep compiler are, as recorded at build time.</summary>
public static class RepoPaths
{
    public static string Root { get; } = Metadata("RepoRoot");

    public static string Bicep => Path.Combine(Root, "bicep");

    public static string CloudInit => Path.Combine(Root, "infra", "cloud-init");

    public static string DeployScript => Path.Combine(Root, "infra", "deploy");

    public static string BicepCompiler { get; } = Metadata("BicepPath").Replace('\\', '/');

    private static string Metadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing: rebuild the test project.");
}
