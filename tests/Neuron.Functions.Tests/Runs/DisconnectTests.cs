using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Runs;

public sealed class DisconnectTests
{
    [Fact]
    public async Task ClientThatDisconnectsWhileItsRunIsWritten_GetsARunThatIsQueuedAndCounted()
    {
        await using var runner = await StubRunner.StartAsync();
        var (proxy, throughProxy) = await StorageProxy.ForTablesAsync(await SharedAzurite.ConnectionStringAsync());
        await using var _ = proxy;
        var submissions = new SubmissionWatch();
        await using var app = await FunctionsApp.StartAsync(runner.Url,
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = throughProxy, ["Queues:LocalTriggersEnabled"] = "false" },
            services: s => s.AddSingleton<IStartupFilter>(submissions));
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "leaver", dailyRunQuota = 10 });
        proxy.Intercept = r => r.Method == "POST" && r.Path.Value!.EndsWith("/" + app.Prefix + "runs", StringComparison.Ordinal);
        proxy.AfterForwarding = async appGaveUp =>
        {
            // The run's row is in storage; the client goes away before the app hears so. An app that passes the
            // client's disconnect on to its storage calls gives up on this one now.
            submissions.Current!.Abort();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), appGaveUp);
            }
            catch (OperationCanceledException)
            {
            }
        };

        var sending = app.ClientWithKey(key.Key).SubmitAsync(Client.Python());
        await submissions.Handled.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.ThrowsAnyAsync<Exception>(() => sending); // the client is gone
        proxy.Intercept = null;

        // Either the run is queued and counted, or neither: never a row whose quota was given back. Here: both.
        var rows = await app.RunsTable.QueryAsync<TableEntity>().ToListAsync();
        var day = app.Time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var quota = await new TableServiceClient(app.ConnectionString).GetTableClient(app.Prefix + "quotas")
            .GetEntityIfExistsAsync<TableEntity>(key.Id, day);
        var counted = quota.HasValue ? quota.Value!.GetInt32("Count") : 0;
        var messages = (await app.RunsQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        Assert.Equal((1, 1, 1), (rows.Count, counted, messages));
        Assert.Equal("queued", rows[0].GetString("Status"));
    }

    /// <summary>Hands the test the server side of each <c>POST /api/runs</c>, and tells when the app is done with it.</summary>
    private sealed class SubmissionWatch : IStartupFilter
    {
        public HttpContext? Current { get; private set; }
        public TaskCompletionSource Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/api/runs")
                {
                    await nextMiddleware(context);
                    return;
                }
                Current = context;
                try
                {
                    await nextMiddleware(context);
                }
                finally
                {
                    Handled.TrySetResult();
                }
            });
            next(app);
        };
    }
}
