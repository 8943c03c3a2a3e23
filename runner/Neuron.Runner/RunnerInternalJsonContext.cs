using System.Text.Json;
using System.Text.Json.Serialization;
using Neuron.Runner.Languages;
using Neuron.Runner.Observability;

namespace Neuron.Runner;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(List<Language>))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class RunnerInternalJsonContext : JsonSerializerContext;
