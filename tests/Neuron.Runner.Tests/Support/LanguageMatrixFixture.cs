namespace Neuron.Runner.Tests.Support;

/// <summary>
/// A runner with the shipped pool configuration (popular languages warm, the rest on demand) and two sandboxes per
/// language, so a language's six cases run two at a time.
/// </summary>
public sealed class LanguageMatrixFixture : RunnerFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Runner:PoolSize"] = "2",
        ["Runner:MaxConcurrency"] = "2",
        ["Runner:QueueTimeout"] = "00:02:00",
    };
}

[CollectionDefinition(Name)]
public sealed class LanguageMatrixCollection : ICollectionFixture<LanguageMatrixFixture>
{
    public const string Name = "language-matrix";
}
