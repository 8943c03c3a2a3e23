using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary>The runner's list as last published to the <c>languages</c> table, and when.</summary>
public sealed record StoredLanguages(IReadOnlyList<LanguageInfo> Languages, DateTimeOffset PublishedAt);
