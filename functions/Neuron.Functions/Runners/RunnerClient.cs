using System.Net;
using System.Net.Http.Json;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runners;

/// <summary>The runner agent's HTTP API. Every request is HMAC-signed by <see cref="SigningHandler"/> in the pipeline.</summary>
public sealed class RunnerClient(HttpClient http, ILogger<RunnerClient> logger)
{
    /// <summary>Executes <paramref name="request"/> on the runner at <paramref name="runner"/> (the scale set or a burst group).</summary>
    public async Task<RunnerOutcome> ExecuteAsync(Uri runner, ExecuteRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(runner, "v1/execute"), request, RunnerJsonContext.Default.ExecuteRequest, cts.Token);
            if (response.IsSuccessStatusCode)
            {
                var result = await response.Content.ReadFromJsonAsync(RunnerJsonContext.Default.ExecuteResult, cts.Token);
                return result is null
                    ? new RunnerOutcome.Unavailable("empty result", null)
                    : new RunnerOutcome.Executed(result);
            }
            var body = await response.Content.ReadAsStringAsync(cts.Token);
            var status = (int)response.StatusCode;
            if (status is >= 400 and < 500 && response.StatusCode != HttpStatusCode.TooManyRequests && response.StatusCode != HttpStatusCode.RequestTimeout)
                return new RunnerOutcome.Rejected(status, body.Length > 2000 ? body[..2000] : body);
            return new RunnerOutcome.Unavailable($"runner answered {status}", response.Headers.RetryAfter?.Delta,
                NotStarted: response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Runner {Runner} unreachable: {Error}", runner, e.Message);
            return new RunnerOutcome.Unavailable("runner unreachable: " + e.Message, null,
                NotStarted: e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !cts.IsCancellationRequested && e.InnerException is TimeoutException)
        {
            // The handler's connect timeout: nothing listens there (e.g. a load balancer with no instance behind it).
            logger.LogWarning("Runner {Runner} did not accept a connection", runner);
            return new RunnerOutcome.Unavailable("runner did not accept a connection", null, NotStarted: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RunnerOutcome.Unavailable($"runner did not answer within {timeout.TotalSeconds:0} s", null);
        }
    }

    public async Task<IReadOnlyList<LanguageInfo>?> GetLanguagesAsync(Uri runner, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(runner, "v1/languages"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(RunnerJsonContext.Default.IReadOnlyListLanguageInfo, cancellationToken);
    }

    public async Task<bool> IsHealthyAsync(Uri runner, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(runner, "healthz"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
