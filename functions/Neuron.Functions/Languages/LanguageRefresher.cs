using Microsoft.Extensions.Options;
using Neuron.Functions.Runners;

namespace Neuron.Functions.Languages;

/// <summary>Keeps <see cref="LanguageCatalog"/> in step with the runner's <c>/v1/languages</c>.</summary>
public sealed class LanguageRefresher(
    LanguageCatalog catalog, RunnerClient runner, IOptions<RunnerOptions> options, TimeProvider time, ILogger<LanguageRefresher> logger)
    : BackgroundService
{
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            var languages = await runner.GetLanguagesAsync(cts.Token);
            if (languages is null || languages.Count == 0)
                return false;
            var first = !catalog.FromRunner;
            catalog.Replace(languages);
            if (first)
                logger.LogInformation("Languages from the runner: {Languages}", string.Join(", ", languages.Select(l => l.Id)));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not refresh languages from the runner: {Error}", e.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshAsync(stoppingToken);
            var wait = TimeSpan.FromSeconds(catalog.Complete ? o.LanguagesRefreshSeconds : o.LanguagesRetrySeconds);
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
