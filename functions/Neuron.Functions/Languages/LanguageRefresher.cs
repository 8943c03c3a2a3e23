using Microsoft.Extensions.Options;
using Neuron.Functions.Runners;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Languages;

/// <summary>
/// Learns the languages for <see cref="LanguageCatalog"/>: at start from the <c>languages</c> table (one point read),
/// then from the runner's <c>/v1/languages</c>, and stores every complete list it learns there for the next cold
/// instance. While it has no complete list from the runner it retries quickly, from
/// <see cref="RunnerOptions.LanguagesFirstRetryMs"/> doubling to <see cref="RunnerOptions.LanguagesRetrySeconds"/>, so a
/// runner that comes up after the app is noticed within a fraction of a second.
/// </summary>
public sealed class LanguageRefresher(
    LanguageCatalog catalog, LanguageTable table, StorageInitializer storage, RunnerClient runner, RunnerRouter router, IOptions<RunnerOptions> options, TimeProvider time,
    ILogger<LanguageRefresher> logger) : BackgroundService
{
    /// <summary>Asks the runner once (bounded); true when it answered with a list.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Runner.Contracts.LanguageInfo>? languages;
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(5));
            if (await router.FirstAsync(cts.Token) is not { } target)
                return false; // scaled to zero: nothing to ask (the stored list stands)
            languages = await runner.GetLanguagesAsync(target, cts.Token);
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not refresh languages from the runner: {Error}", e.Message);
            return false;
        }
        if (languages is null || languages.Count == 0)
            return false;
        var first = !catalog.FromRunner;
        var current = catalog.Replace(languages);
        if (first)
            logger.LogInformation("Languages from the runner: {Languages}", string.Join(", ", current.Languages.Select(l => $"{l.Id} {l.Version}")));
        if (catalog.Complete)
            await PublishAsync(current, cancellationToken);
        return true;
    }

    /// <summary>Reads the stored list and adopts it unless a list is known already; false when none is stored or storage failed.</summary>
    public async Task<bool> LoadStoredAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await table.ReadAsync(cancellationToken) is not { } stored)
                return false;
            if (catalog.Adopt(stored))
                logger.LogInformation("Languages from the table, published at {PublishedAt}: {Languages}", stored.PublishedAt,
                    string.Join(", ", stored.Languages.Select(l => $"{l.Id} {l.Version}")));
            return true;
        }
        catch (Exception e) when (StorageFailure.Is(e) || e is System.Text.Json.JsonException)
        {
            logger.LogWarning("Could not read the stored languages: {Error}", e.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var refresh = TimeSpan.FromSeconds(o.LanguagesRefreshSeconds);
        try
        {
            await LoadStoredAsync(stoppingToken);
            // A list stored recently spares this cold instance its runner call (and a scaled-to-zero runner its wake-up).
            if (catalog is { Source: LanguagesSource.Stored, Complete: true, ReadAt: { } readAt } && time.GetUtcNow() - readAt is var age && age < refresh)
                await Task.Delay(refresh - age, time, stoppingToken);
            var retry = TimeSpan.FromMilliseconds(o.LanguagesFirstRetryMs);
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await RefreshAsync(stoppingToken) && catalog.Source == LanguagesSource.None)
                {
                    // Another instance may have reached a runner meanwhile.
                    if (!await LoadStoredAsync(stoppingToken))
                        catalog.NoRunnerYet();
                }
                TimeSpan wait;
                if (catalog is { FromRunner: true, Complete: true })
                {
                    wait = refresh;
                    retry = TimeSpan.FromMilliseconds(o.LanguagesFirstRetryMs);
                }
                else
                {
                    wait = retry;
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(o.LanguagesRetrySeconds).Ticks));
                }
                await Task.Delay(wait, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(StoredLanguages current, CancellationToken cancellationToken)
    {
        try
        {
            await storage.EnsureAsync(cancellationToken);
            await table.WriteAsync(current, cancellationToken);
        }
        catch (Exception e) when (StorageFailure.Is(e) || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The list is in force here all the same; the next refresh stores it again.
            logger.LogWarning("Could not store the languages: {Error}", e.Message);
        }
    }
}
