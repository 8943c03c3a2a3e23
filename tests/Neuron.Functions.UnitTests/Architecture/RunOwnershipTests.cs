using System.Text.RegularExpressions;

namespace Neuron.Functions.UnitTests.Architecture;

/// <summary>One owner of a run's state: <c>Runs/RunLifecycle.cs</c> is the only code that writes a run row.</summary>
public sealed partial class RunOwnershipTests
{
    private const string Lifecycle = "Runs/RunLifecycle.cs";
    private const string Store = "Runs/RunStore.cs";

    [Fact]
    public void OnlyTheLifecycle_CallsTheRunStoresWrites()
    {
        var writers = AppSources.All
            .Where(s => s.RelativePath is not (Lifecycle or Store) && s.Code.Contains("RunStore", StringComparison.Ordinal) && StoreWrite().IsMatch(s.Code))
            .Select(s => s.RelativePath);

        Assert.Empty(writers);
        Assert.Matches(StoreWrite(), AppSources.All.Single(s => s.RelativePath == Lifecycle).Code);
    }

    [Fact]
    public void OnlyTheRunStore_TouchesTheRunsTable()
    {
        var readers = AppSources.All
            .Where(s => s.RelativePath != Store && !s.RelativePath.StartsWith("Storage/", StringComparison.Ordinal) && s.Code.Contains(".RunsTable", StringComparison.Ordinal))
            .Select(s => s.RelativePath);

        Assert.Empty(readers);
    }

    [GeneratedRegex(@"\.(InsertAsync|TryReplaceAsync|TryReplaceCallbackAsync|DeleteAsync)\(")]
    private static partial Regex StoreWrite();
}
