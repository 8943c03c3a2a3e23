namespace Neuron.Bench;

public static class Repo
{
    /// <summary>The repository root: the folder holding Neuron.Functions.sln.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Neuron.Functions.sln")))
                return dir.FullName;
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }

    /// <summary>A built project's entry assembly, preferring Release.</summary>
    public static string Assembly(string project, string name)
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(Root, project, "bin", configuration, "net10.0", name);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException($"{name} is not built: run dotnet build -c Release");
    }
}
