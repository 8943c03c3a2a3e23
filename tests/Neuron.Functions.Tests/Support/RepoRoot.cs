namespace Neuron.Functions.Tests.Support;

/// <summary>The repository root: the nearest folder above the test binaries holding Neuron.Functions.sln.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Neuron.Functions.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Neuron.Functions.sln not found above {AppContext.BaseDirectory}.");
    }
}
