using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;

namespace Neuron.Functions.Billing;

/// <summary>
/// <c>GET /api/billing/balance</c> (any key: the playground shows its own) and <c>GET /api/billing/statement?month=YYYY-MM</c>
/// (the secret key: a month's runs, CPU, charges, top-ups and balances per day).
/// </summary>
public sealed class BillingApi(CreditAccounts accounts, StatementReader statements, TimeProvider time)
{
    [Function("GetBalance")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Billing")]
    [EndpointSummary("The calling key's credits: balance, held by runs in flight, available for new runs (micro-credits; 1 credit = 1,000,000).")]
    public async Task<Ok<BalanceDocument>> GetBalanceAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/balance")] HttpRequest request, CancellationToken cancellationToken)
    {
        var key = request.HttpContext.Caller().ApiKey!;
        return TypedResults.Ok(BalanceDocument.From(key.Id, await accounts.GetAsync(key, cancellationToken)));
    }

    [Function("GetStatement")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Billing")]
    [EndpointSummary("The calling (secret) key's statement for ?month=YYYY-MM (default this month): per UTC day runs and CPU by verdict, charges, top-ups, closing balance.")]
    public async Task<Results<Ok<Statement>, ProblemHttpResult>> GetStatementAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/billing/statement")] HttpRequest request, CancellationToken cancellationToken)
    {
        var key = request.HttpContext.Caller().ApiKey!;
        if (key.IsPublishable)
            return Problems.Forbidden("statement-needs-secret-key", "Statements are for the key's owner: ask with the secret key, from a server.");
        var now = time.GetUtcNow();
        if (!StatementMonth.TryParse(request.Query["month"], now, out var month))
            return Problems.BadRequest("invalid-month", StatementMonth.Expected(now));
        return TypedResults.Ok(await statements.ForKeyAsync(key.Id, month, cancellationToken));
    }
}
