namespace Neuron.Bench;

public static class Bench
{
    public static void Progress(string message) => Console.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

    public static async Task WriteJsonAsync<T>(string path, T report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(report, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"\nwrote {path}");
    }
}
