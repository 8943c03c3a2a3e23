using Azure.Data.Tables;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;
using Neuron.Testing;

namespace Neuron.Runner.Tests.Registration;

/// <summary>
/// The scaleToZero profile's discovery, runner side: a real agent on the real Docker engine registers its address in
/// the runners table of a real Azurite once its pools are ready, beats, and removes its row when it stops.
/// </summary>
public sealed class RegistrationTests
{
    private sealed class RegisteredRunner(string connectionString, string table) : RunnerFixture
    {
        public const string AdvertisedUrl = "http://10.40.2.7:5080/";

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Runner:PoolSize"] = "0",
            ["Runner:Pools:python"] = "1",
            ["Runner:Registration:ConnectionString"] = connectionString,
            ["Runner:Registration:Table"] = table,
            ["Runner:Registration:Url"] = AdvertisedUrl,
            ["Runner:Registration:HeartbeatSeconds"] = "1",
        };
    }

    [Fact]
    public async Task ReadyAgent_RegistersItsUrl_BeatsWhileItRuns_AndRemovesItsRowWhenItStops()
    {
        using var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(60));
        var tableName = "runners" + Guid.NewGuid().ToString("N")[..8];
        var table = new TableClient(azurite.ConnectionString, tableName);
        var runner = new RegisteredRunner(azurite.ConnectionString, tableName);
        await runner.InitializeAsync();
        TableEntity first;
        TableEntity later;
        try
        {
            first = await Eventually.GetAsync(() => RowAsync(table, runner.InstanceId), r => r is not null, TimeSpan.FromSeconds(30), "the agent's row") ?? throw new InvalidOperationException();
            later = await Eventually.GetAsync(() => RowAsync(table, runner.InstanceId),
                r => r?.GetDateTimeOffset(RunnerRegistration.HeartbeatColumn) > first.GetDateTimeOffset(RunnerRegistration.HeartbeatColumn),
                TimeSpan.FromSeconds(30), "a later heartbeat") ?? throw new InvalidOperationException();
        }
        finally
        {
            await runner.DisposeAsync();
        }

        Assert.Equal(RegisteredRunner.AdvertisedUrl, first.GetString(RunnerRegistration.UrlColumn));
        Assert.Equal(RunnerRegistration.Partition, first.PartitionKey);
        Assert.NotNull(later);
        Assert.Null(await RowAsync(table, runner.InstanceId));
    }

    private static async Task<TableEntity?> RowAsync(TableClient table, string instanceId)
    {
        try
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(RunnerRegistration.Partition, instanceId);
            return row.HasValue ? row.Value : null;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null; // the table itself does not exist yet
        }
    }
}
