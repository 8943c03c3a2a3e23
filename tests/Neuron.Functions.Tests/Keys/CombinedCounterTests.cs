using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Keys;
using Neuron.Functions.Quotas;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Keys;

/// <summary>
/// One key's concurrent takes and releases are combined into group writes: the counts must stay exact whatever the
/// grouping (takes past the limit refused, repeated or unknown releases changing nothing).
/// </summary>
public sealed class CombinedCounterTests
{
    private static readonly Dictionary<string, string?> NoTriggers = new() { ["Queues:LocalTriggersEnabled"] = "false" };

    private static ApiKey Key(int maxInFlight, int dailyRunQuota) => new()
    {
        Id = "key_" + Guid.NewGuid().ToString("N")[..12], Hash = "h", Kind = ApiKeyKinds.Secret, Name = "combined",
        PermitsPerMinute = 1000, Burst = 1000, DailyRunQuota = dailyRunQuota, MaxInFlight = maxInFlight, CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task ConcurrentTakesOfOneKey_GetExactlyItsLimit_AndRepeatedReleasesGiveEachPlaceBackOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var inFlight = app.Services.GetRequiredService<InFlightRuns>();
        var key = Key(maxInFlight: 20, dailyRunQuota: 1000);
        var runs = Enumerable.Range(0, 150).Select(i => $"run{i:000}").ToArray();

        var taken = await Task.WhenAll(runs.Select(async id => (id, (await inFlight.TakeAsync(key, id, CancellationToken.None)).Allowed)));
        var holders = taken.Where(t => t.Allowed).Select(t => t.id).ToArray();
        Assert.Equal(20, holders.Length);
        Assert.Equal(20, await CounterAsync(app, key.Id));

        // Every holder released twice, and every refused run released once (it holds nothing), all at once.
        await Task.WhenAll(holders.Concat(holders).Concat(runs.Except(holders)).Select(id => inFlight.ReleaseAsync(key.Id, id, CancellationToken.None)));
        Assert.Equal(0, await CounterAsync(app, key.Id));
        Assert.Empty(await MarkersAsync(app, key.Id));

        var again = await Task.WhenAll(runs.Take(30).Select(id => inFlight.TakeAsync(key, id, CancellationToken.None)));
        Assert.Equal(20, again.Count(d => d.Allowed));
        Assert.Equal(20, (await MarkersAsync(app, key.Id)).Count);
    }

    [Fact]
    public async Task ATakeOfARunThatHoldsItsPlace_KeepsItWithoutCountingItTwice()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var inFlight = app.Services.GetRequiredService<InFlightRuns>();
        var key = Key(maxInFlight: 5, dailyRunQuota: 1000);

        Assert.True((await inFlight.TakeAsync(key, "same", CancellationToken.None)).Allowed);
        var decisions = await Task.WhenAll(new[] { "same", "other1", "same", "other2" }.Select(id => inFlight.TakeAsync(key, id, CancellationToken.None)));

        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal(3, await CounterAsync(app, key.Id));
    }

    [Fact]
    public async Task ConcurrentQuotaTakesAndReturnsOfOneKey_NeverExceedTheQuota()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var quota = app.Services.GetRequiredService<DailyRunQuota>();
        var key = Key(maxInFlight: 1000, dailyRunQuota: 30);

        var first = await Task.WhenAll(Enumerable.Range(0, 80).Select(_ => quota.TakeAsync(key, CancellationToken.None)));
        Assert.Equal(30, first.Count(d => d.Allowed));
        Assert.All(first.Where(d => !d.Allowed), d => Assert.False(d.Contended));

        // Five given back while twelve more ask at once: exactly five of those get a run.
        var allowed = first.First(d => d.Allowed);
        var returns = Enumerable.Range(0, 5).Select(_ => quota.ReturnAsync(key, allowed, CancellationToken.None));
        var takes = Enumerable.Range(0, 12).Select(_ => quota.TakeAsync(key, CancellationToken.None)).ToArray();
        await Task.WhenAll(returns);
        var late = await Task.WhenAll(takes);
        var extra = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => quota.TakeAsync(key, CancellationToken.None)));

        Assert.Equal(5, late.Count(d => d.Allowed) + extra.Count(d => d.Allowed));
        Assert.Equal(30, await QuotaCountAsync(app, key.Id));
    }

    private static async Task<int?> CounterAsync(FunctionsApp app, string keyId)
    {
        var row = await app.Storage.QuotasTable.GetEntityIfExistsAsync<TableEntity>(keyId, InFlightRuns.CounterRow);
        return row.HasValue ? row.Value!.GetInt32("Count") : null;
    }

    private static async Task<List<string>> MarkersAsync(FunctionsApp app, string keyId)
    {
        var markers = new List<string>();
        await foreach (var row in app.Storage.QuotasTable.QueryAsync<TableEntity>(e => e.PartitionKey == keyId, select: ["RowKey"]))
            if (row.RowKey.StartsWith(InFlightRuns.MarkerPrefix, StringComparison.Ordinal))
                markers.Add(row.RowKey);
        return markers;
    }

    private static async Task<int?> QuotaCountAsync(FunctionsApp app, string keyId)
    {
        var row = await app.Storage.QuotasTable.GetEntityIfExistsAsync<TableEntity>(keyId, DailyRunQuota.Day(app.Time.GetUtcNow()));
        return row.HasValue ? row.Value!.GetInt32("Count") : null;
    }
}
