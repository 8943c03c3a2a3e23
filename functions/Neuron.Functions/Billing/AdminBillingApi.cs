using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Http;
using Neuron.Functions.Keys;

namespace Neuron.Functions.Billing;

/// <summary>
/// <c>POST /api/admin/keys/{id}/credits</c> (top up a key, set its low-balance threshold) and
/// <c>GET /api/admin/billing/statements?month=YYYY-MM&amp;format=json|csv</c> (every key's statement). Admin key required
/// (<see cref="AdminAccess"/>).
/// </summary>
public sealed class AdminBillingApi(ApiKeyStore keys, CreditAccounts accounts, StatementReader statements, IOptions<KeysOptions> options,
    TimeProvider time)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function("TopUpCredits")]
    [Tags("Admin")]
    [EndpointSummary("Add micro-credits to a key's balance and/or set its low-balance threshold (admin key required).")]
    [Consumes(typeof(TopUpRequest), "application/json")]
    public async Task<Results<Ok<BalanceDocument>, ProblemHttpResult>> TopUpAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/keys/{id}/credits")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (AdminAccess.Refuse(request.HttpContext, options.Value) is { } refused)
            return refused;
        if (!ApiKeySecrets.IsValidId(id))
            return AdminAccess.InvalidKeyId();
        var body = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.TopUpRequest, MaxBodyBytes, cancellationToken);
        if (body.Problem is not null)
            return body.Problem;
        var topUp = body.Value!;
        var errors = new Dictionary<string, string[]>();
        if (topUp.MicroCredits is null && topUp.LowBalanceMicroCredits is null)
            errors["microCredits"] = ["Give 'microCredits' to add, 'lowBalanceMicroCredits' to set, or both."];
        if (topUp.MicroCredits is < 0 or > Credits.MaxMicroCredits)
            errors["microCredits"] = [$"Must be between 0 and {Credits.MaxMicroCredits} (1 credit = {Credits.Micro})."];
        if (topUp.LowBalanceMicroCredits is < 0 or > Credits.MaxMicroCredits)
            errors["lowBalanceMicroCredits"] = [$"Must be between 0 and {Credits.MaxMicroCredits}."];
        if (errors.Count > 0)
            return Problems.BadRequest("invalid-top-up", "The top-up is invalid.", new Dictionary<string, object?> { ["errors"] = errors });
        var key = await keys.GetAsync(id, cancellationToken);
        if (key is null)
            return Problems.NotFound($"No key '{id}'.");
        var balance = await accounts.TopUpAsync(key, topUp.MicroCredits ?? 0, topUp.LowBalanceMicroCredits, cancellationToken);
        return TypedResults.Ok(BalanceDocument.From(key.Id, balance));
    }

    [Function("ExportStatements")]
    [Tags("Admin")]
    [EndpointSummary("Every key's statement for ?month=YYYY-MM (default this month), as JSON or, with ?format=csv, CSV (admin key required).")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public async Task<Results<Ok<StatementExport>, ContentHttpResult, ProblemHttpResult>> ExportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/billing/statements")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (AdminAccess.Refuse(request.HttpContext, options.Value) is { } refused)
            return refused;
        var now = time.GetUtcNow();
        if (!StatementMonth.TryParse(request.Query["month"], now, out var month))
            return Problems.BadRequest("invalid-month", StatementMonth.Expected(now));
        var format = request.Query["format"].ToString();
        if (format is not ("" or "json" or "csv"))
            return Problems.BadRequest("invalid-format", "'format' is 'json' (the default) or 'csv'.");
        var all = await statements.ForAllAsync(month, cancellationToken);
        return format == "csv"
            ? TypedResults.Text(StatementCsv.Write(all), StatementCsv.ContentType, Encoding.UTF8)
            : TypedResults.Ok(new StatementExport(StatementBuilder.MonthText(month), all));
    }
}
