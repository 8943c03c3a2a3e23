using System.Text.Json;
using System.Text.Json.Serialization;
using Neuron.Functions.Billing;
using Neuron.Functions.Compat.Piston;
using Neuron.Functions.Health;
using Neuron.Functions.Keys;
using Neuron.Functions.Runs;
using Neuron.Functions.Usage;
using Neuron.Functions.Webhooks;
using Neuron.Runner.Contracts;

namespace Neuron.Functions;

/// <summary>Source-generated JSON for every type the app reads or writes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitRunRequest))]
[JsonSerializable(typeof(RunDocument))]
[JsonSerializable(typeof(RunMessage))]
[JsonSerializable(typeof(RunCallback))]
[JsonSerializable(typeof(WebhookMessage))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<LanguageInfo>))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(LimitSet))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(KeyDocument))]
[JsonSerializable(typeof(KeyDocument[]))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(UsageReport))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(BalanceDocument))]
[JsonSerializable(typeof(Statement))]
[JsonSerializable(typeof(StatementExport))]
[JsonSerializable(typeof(PistonExecuteResult))]
[JsonSerializable(typeof(IReadOnlyList<PistonRuntime>))]
[JsonSerializable(typeof(PistonError))]
[JsonSerializable(typeof(IReadOnlyList<SourceFile>))]
[JsonSerializable(typeof(IReadOnlyList<TestCaseInput>))]
[JsonSerializable(typeof(IReadOnlyList<TestCaseResult>))]
[JsonSerializable(typeof(IReadOnlyList<RunOutputFile>))]
[JsonSerializable(typeof(IReadOnlyList<OmittedOutputFile>))]
[JsonSerializable(typeof(SubmitBatchRequest))]
[JsonSerializable(typeof(RunBatchDocument))]
[JsonSerializable(typeof(RunListDocument))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
