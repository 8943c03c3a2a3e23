using Microsoft.AspNetCore.Http.HttpResults;
using Neuron.Functions.Http;

namespace Neuron.Functions.Billing;

/// <summary>The refusal of a run its key's credits do not cover: 402 <c>urn:neuron:problem:credits-exhausted</c>.</summary>
public static class CreditProblems
{
    /// <summary>The sentence the widget shows the reader.</summary>
    public const string ExhaustedDetail = "This site has used up its Neuron credits, so code cannot run here right now; the site's owner can top them up.";

    public static ProblemHttpResult For(HttpResponse response, CreditDecision decision)
    {
        if (decision.Contended)
        {
            response.Headers.RetryAfter = "1";
            return Problems.TooManyRequests("rate-limited", "Too many concurrent submissions for this key; retry in a second.");
        }
        return Problems.Create(StatusCodes.Status402PaymentRequired, "credits-exhausted", "Credits exhausted.", ExhaustedDetail,
            new Dictionary<string, object?>
            {
                ["availableMicroCredits"] = decision.AvailableMicroCredits,
                ["requiredMicroCredits"] = decision.RequiredMicroCredits,
                ["available"] = Credits.Format(decision.AvailableMicroCredits),
                ["required"] = Credits.Format(decision.RequiredMicroCredits),
            });
    }
}
