using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neuron.Runner.Contracts;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ExecuteRequest))]
[JsonSerializable(typeof(ExecuteResult))]
[JsonSerializable(typeof(IReadOnlyList<LanguageInfo>))]
public sealed partial class RunnerJsonContext : JsonSerializerContext;
