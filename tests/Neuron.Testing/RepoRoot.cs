namespace Neuron.Testing;

public static class RepoRoot
{
    /// <summary>The repository root: the nearest folder above the running assembly holding Neuron.Functions.sln.</summary>
    public static string Path { get; } = Find();

    /// <summary>Release or Debug: whichever configuration the running assembly was built in.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>A built application of this repository, in the caller's configuration.</summary>
    public static string Built(string project, string assembly)
    {
        var path = System.IO.Path.Combine(Path, project, "bin", Configuration, "net10.0", assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built: dotnet build -c {Configuration} Neuron.Functions.sln");
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Neuron.Functions.sln")))
                return dir.FullName;
        throw new InvalidOperationException("not inside the Neuron repository");
    }
}
