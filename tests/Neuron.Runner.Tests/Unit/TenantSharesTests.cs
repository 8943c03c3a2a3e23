using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neuron.Runner.Execution;

namespace Neuron.Runner.Tests.Unit;

public sealed class TenantSharesTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new();
    private readonly TenantShares _shares;

    public TenantSharesTests() => _shares = new TenantShares(_time, Options.Create(new RunnerOptions { FairShareWindow = Window }));

    [Fact]
    public async Task ATenantAlone_MayHoldEverySandbox()
    {
        var held = new List<TenantShares.Share>();
        for (var i = 0; i < 3; i++)
            held.Add(await _shares.EnterAsync("python", "key_a", capacity: 3, CancellationToken.None));

        Assert.Equal(3, held.Count);
    }

    [Fact]
    public async Task WhileAnotherTenantIsActive_ATenantHoldsAllButOne_AndWaitsForItsOwnRelease()
    {
        var first = await _shares.EnterAsync("python", "key_a", capacity: 2, CancellationToken.None);
        var victim = await _shares.EnterAsync("python", "key_b", capacity: 2, CancellationToken.None);

        var second = _shares.EnterAsync("python", "key_a", capacity: 2, CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        victim.Dispose();
    }

    [Fact]
    public async Task ATenantCappedByAnother_GoesOn_OnceTheOtherHasBeenQuietForTheWindow()
    {
        using var a1 = await _shares.EnterAsync("python", "key_a", capacity: 2, CancellationToken.None);
        (await _shares.EnterAsync("python", "key_b", capacity: 2, CancellationToken.None)).Dispose();

        var a2 = _shares.EnterAsync("python", "key_a", capacity: 2, CancellationToken.None);
        Assert.False(a2.IsCompleted);
        _time.Advance(Window + TimeSpan.FromSeconds(1));

        (await a2.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task OtherLanguages_AndRequestsWithoutTenant_DoNotCount()
    {
        using var a1 = await _shares.EnterAsync("python", "key_a", capacity: 2, CancellationToken.None);
        using var elsewhere = await _shares.EnterAsync("java", "key_b", capacity: 2, CancellationToken.None);
        using var direct = await _shares.EnterAsync("python", null, capacity: 2, CancellationToken.None);

        var a2 = _shares.EnterAsync("python", "key_a", capacity: 2, CancellationToken.None);

        Assert.True(a2.IsCompletedSuccessfully);
        (await a2).Dispose();
    }

    [Fact]
    public async Task AWaitingTenant_IsCancelledByItsWaitBound_AndHoldsNothing()
    {
        using var a1 = await _shares.EnterAsync("python", "key_a", capacity: 2, CancellationToken.None);
        using var b1 = await _shares.EnterAsync("python", "key_b", capacity: 2, CancellationToken.None);
        using var bound = new CancellationTokenSource();

        var a2 = _shares.EnterAsync("python", "key_a", capacity: 2, bound.Token);
        await bound.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a2);
    }
}
