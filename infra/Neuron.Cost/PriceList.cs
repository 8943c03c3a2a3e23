using System.Text.Json;

namespace Neuron.Cost;

/// <summary>The prices the model uses, by id (prices.json beside the binary, or a file given with --prices).</summary>
public sealed class PriceList(string region, IReadOnlyDictionary<string, Price> prices)
{
    public string Region { get; } = region;

    public IReadOnlyDictionary<string, Price> All { get; } = prices;

    public double this[string id] => All.TryGetValue(id, out var price) ? price.Usd : throw new KeyNotFoundException($"prices.json has no price '{id}'");

    public static PriceList Load(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize(stream, CostJsonContext.Default.PriceFile) ?? throw new InvalidDataException($"{path} is empty");
        return new PriceList(file.Region, file.Prices);
    }

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "prices.json");
}

/// <summary>The shape of prices.json.</summary>
public sealed record PriceFile(string Region, Dictionary<string, Price> Prices);
