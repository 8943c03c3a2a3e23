using System.Globalization;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Usage;

/// <summary>
/// <c>GET /api/usage?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: the calling secret key's usage per UTC day (default: the
/// last 30 days, today included; at most 366 days; each date from <see cref="Earliest"/> to tomorrow, so that no date
/// arithmetic can leave the calendar). Publishable keys live in web pages: 403.
/// </summary>
public sealed class UsageApi(StorageClients clients, StorageInitializer initializer, TimeProvider time)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    [Function("GetUsage")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Usage")]
    [EndpointSummary("The calling (secret) key's runs by verdict and CPU milliseconds per UTC day, and its credit balance; ?from=&to= (YYYY-MM-DD), default the last 30 days.")]
    public async Task<Results<Ok<UsageReport>, ProblemHttpResult>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/usage")] HttpRequest request, CancellationToken cancellationToken)
    {
        var key = request.HttpContext.Caller().ApiKey!;
        if (key.IsPublishable)
            return Problems.Forbidden("usage-needs-secret-key", "Usage is for the key's owner: ask with the secret key, from a server.");

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var latest = today.AddDays(1);
        if (!TryParse(request.Query["to"], today, Earliest, latest, out var to)
            || !TryParse(request.Query["from"], Max(Earliest, to.AddDays(1 - DefaultDays)), Earliest, latest, out var from))
        {
            return Problems.BadRequest("invalid-date", $"'from' and 'to' are dates as YYYY-MM-DD (UTC), from {Format(Earliest)} to {Format(latest)}.");
        }
        if (from > to || to.DayNumber - from.DayNumber + 1 > MaxDays)
            return Problems.BadRequest("invalid-date-range", $"'from' must not be after 'to', and the range spans at most {MaxDays} days.");

        await initializer.EnsureAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key.Id} and RowKey ge {UsageRows.DayPrefix + Format(from)} and RowKey le {UsageRows.DayPrefix + Format(to)}");
        var days = new List<UsageDay>();
        await foreach (var e in clients.UsageTable.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if ((e.GetInt64(UsageRows.Runs) ?? 0) == 0)
                continue; // a day of top-ups only (Billing)
            var verdicts = e.Keys.Where(k => k.StartsWith(UsageRows.VerdictPrefix, StringComparison.Ordinal))
                .ToDictionary(k => k[UsageRows.VerdictPrefix.Length..], k => e.GetInt64(k) ?? 0);
            days.Add(new UsageDay(e.RowKey[UsageRows.DayPrefix.Length..], e.GetInt64(UsageRows.Runs) ?? 0, e.GetInt64(UsageRows.CpuMs) ?? 0, verdicts));
        }
        var total = new UsageDay($"{Format(from)}/{Format(to)}", days.Sum(d => d.Runs), days.Sum(d => d.CpuMs),
            days.SelectMany(d => d.Verdicts).GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Sum(v => v.Value)));
        var balance = await clients.UsageTable.GetEntityIfExistsAsync<TableEntity>(key.Id, UsageRows.BalanceRow, cancellationToken: cancellationToken);
        return TypedResults.Ok(new UsageReport(key.Id, Format(from), Format(to), days, total, balance.HasValue ? UsageBalance.From(balance.Value!) : null));
    }

    private static bool TryParse(string? text, DateOnly fallback, DateOnly earliest, DateOnly latest, out DateOnly date)
    {
        if (string.IsNullOrEmpty(text))
        {
            date = fallback;
            return true;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && date >= earliest && date <= latest;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
