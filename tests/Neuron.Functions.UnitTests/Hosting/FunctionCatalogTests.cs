using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Hosting;

namespace Neuron.Functions.UnitTests.Hosting;

public sealed class FunctionCatalogTests
{
    [Fact]
    public void Discover_FindsEveryFunctionWithItsTrigger()
    {
        var catalog = FunctionCatalog.Discover();

        Assert.Equal(42, catalog.All.Count);
        Assert.Equal("api/metrics", Assert.IsType<HttpFunctionTrigger>(catalog.Find("Metrics")!.Trigger).Route);
        var getRun = Assert.IsType<HttpFunctionTrigger>(catalog.Find("GetRun")!.Trigger);
        Assert.Equal("api/runs/{id}", getRun.Route);
        Assert.Equal(["get"], getRun.Methods);
        Assert.Equal(["get", "head"], Assert.IsType<HttpFunctionTrigger>(catalog.Find("EmbedScript")!.Trigger).Methods);
        Assert.Equal(new QueueFunctionTrigger("runs", "AzureWebJobsStorage"), catalog.Find("DispatchRun")!.Trigger);
        Assert.Equal("runs-poison", ((QueueFunctionTrigger)catalog.Find("DispatchRun")!.Trigger).PoisonQueueName);
        Assert.Equal(new TimerFunctionTrigger("*/10 * * * * *", RunOnStartup: false), catalog.Find("SweepRuns")!.Trigger);
        Assert.Equal(new QueueFunctionTrigger("webhooks", "AzureWebJobsStorage"), catalog.Find("DeliverWebhook")!.Trigger);
        Assert.Equal(new QueueFunctionTrigger("webhooks-poison", "AzureWebJobsStorage"), catalog.Find("FailPoisonedWebhook")!.Trigger);
        Assert.Null(catalog.Find("NoSuchFunction"));
    }

    [Fact]
    public void Discover_RefusesAFunctionWithoutExactlyOneTrigger()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Discover(typeof(FunctionCatalogTests).Assembly));

        Assert.Contains(nameof(TwoTriggers.BothAsync), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/10 * * * * *", "2026-12-06T10:00:03Z", "2026-12-06T10:00:10Z")]
    [InlineData("0 */1 * * * *", "2026-12-06T10:00:03Z", "2026-12-06T10:01:00Z")]
    [InlineData("*/5 * * * *", "2026-12-06T10:01:00Z", "2026-12-06T10:05:00Z")]
    public void TimerSchedule_IsNcrontab_WithOrWithoutSeconds(string expression, string now, string next)
    {
        var schedule = LocalTimer.Parse(expression);

        Assert.Equal(DateTime.Parse(next, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            schedule.GetNextOccurrence(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));
    }

    /// <summary>Found by <see cref="Discover_RefusesAFunctionWithoutExactlyOneTrigger"/>: a method the catalog must refuse.</summary>
    public sealed class TwoTriggers
    {
        [Function("Both")]
        public Task BothAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, [TimerTrigger("* * * * * *")] TimerInfo timer) =>
            Task.CompletedTask;
    }
}
