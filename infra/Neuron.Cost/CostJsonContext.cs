using System.Text.Json.Serialization;

namespace Neuron.Cost;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PriceFile))]
internal sealed partial class CostJsonContext : JsonSerializerContext;
