using Microsoft.Extensions.Logging.Abstractions;
using Neuron.Runner.Languages;
using Neuron.Runner.Observability;
using Neuron.Runner.Pool;
using Neuron.Runner.Sandbox;
using Neuron.Testing;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Unit;

/// <summary>An on-demand pool is ready once its image is found, not before: a health check right after start must not see a pool that could not serve.</summary>
public sealed class OnDemandReadinessTests
{
    private static readonly LanguageCatalog Shipped = ShippedLanguages.Catalog;

    [Fact]
    public async Task OnDemandPool_IsReadyOnlyOnceItsImageIsFound_WithTheImagesVersion()
    {
        var images = new ImageOnlySource();
        await using var pool = OnDemand(images);
        pool.Start();

        await images.Asked.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(pool.State.Ready);
        Assert.Equal("unknown", pool.State.Version);

        images.Answer.SetResult("Lua 5.4.4");
        await Eventually.TrueAsync(() => pool.State.Ready, TimeSpan.FromMinutes(1), "the pool to see its image");
        Assert.Equal("Lua 5.4.4", pool.State.Version);
    }

    [Fact]
    public async Task OnDemandPool_WhoseImageCouldNotBeRead_RetriesUntilItIs()
    {
        var images = new ImageOnlySource { FailuresFirst = 2 };
        images.Answer.SetResult("Lua 5.4.4");
        await using var pool = OnDemand(images);
        pool.Start();

        await Eventually.TrueAsync(() => pool.State.Ready, TimeSpan.FromMinutes(1), "the pool to see its image after two failures");
        Assert.Equal(3, images.Calls);
        Assert.Null(pool.State.LastError);
    }

    private static LanguagePool OnDemand(ISandboxSource source) =>
        new(Shipped.All.First(l => l.Id == "lua"), 1, source, new RunnerMetrics(), TimeProvider.System, NullLogger.Instance) { KeepWarm = false };

    /// <summary>Answers only the image question; a pool that tried to start a sandbox here would fail the test.</summary>
    private sealed class ImageOnlySource : ISandboxSource
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<string?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int FailuresFirst { get; init; }
        public int Calls;

        public bool CanReplace => true;
        public IReadOnlyCollection<string> Faults => [];

        public async Task<string?> ImageVersionAsync(Language language, CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            if (Interlocked.Increment(ref Calls) <= FailuresFirst)
                throw new InvalidOperationException("engine not answering");
            return await Answer.Task.WaitAsync(cancellationToken);
        }

        public Task<SandboxContainer> CreateAsync(Language language, CancellationToken cancellationToken) => throw new InvalidOperationException("no sandbox was asked for");
        public Task SetMemoryAsync(SandboxContainer container, long bytes, CancellationToken cancellationToken) => throw new InvalidOperationException();
        public void ResetCounters(SandboxContainer container) => throw new InvalidOperationException();
        public Task DiscardAsync(SandboxContainer container, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<int> RemoveAllOwnedAsync(CancellationToken cancellationToken) => Task.FromResult(0);
        public Task<bool> WasKilledForMemoryAsync(SandboxContainer container, CancellationToken cancellationToken) => throw new InvalidOperationException();
    }
}
